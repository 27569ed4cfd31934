import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi';

describe('OpenAPI document', () => {
  const doc = openApiDocument(384);

  it('describes every v1 route handler in app/api/v1', async () => {
    const fs = await import('node:fs');
    const files = (fs.readdirSync('app/api/v1', { recursive: true }) as string[])
      .filter((f) => f.endsWith('route.ts'))
      .map((f) => `app/api/v1/${f}`);
    const routes = files
      .map((f: string) => '/' + f.replace(/^app\//, '').replace(/\/route\.ts$/, '').replace(/\[(\w+)\]/g, '{$1}'))
      .filter((r: string) => r !== '/api/v1/openapi.json');
    const documented = Object.keys(doc.paths).map((p) => p.replace('{schema.table.column}', '{id}'));
    const missing = routes.filter((r: string) => !documented.includes(r));
    expect(missing).toEqual([]);
  });

  it('carries the validation rules of the request schemas', () => {
    const memory = doc.components.schemas.MemoryInput as { properties: Record<string, { minLength?: number; maxLength?: number; minItems?: number }> };
    expect(memory.properties.namespace).toMatchObject({ minLength: 1, maxLength: 255 });
    expect(memory.properties.key).toMatchObject({ minLength: 1, maxLength: 255 });
    const search = doc.components.schemas.SearchInput as { properties: Record<string, { minimum?: number; maximum?: number }> };
    expect(search.properties.limit).toMatchObject({ minimum: 1, maximum: 1000 });
    expect(search.properties.min_similarity).toMatchObject({ minimum: 0, maximum: 1 });
    expect(JSON.parse(JSON.stringify(doc)).openapi).toBe('3.1.0');
  });
});

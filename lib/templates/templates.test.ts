// Promotion from a generation (seed 002's promote_from_generation) and template edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { promoteToTemplate } from '@/lib/generations/generations';
import { deleteTemplate, getTemplate, saveTemplate } from './templates';

let engine: EmbeddedEngine;
const actor = { id: null, email: 'admin@example.com' };
const embeddingOf = async (id: string) => (await projectPool().query('SELECT embedding::text AS e FROM templates WHERE id = $1', [id])).rows[0]?.e as string | undefined;

beforeAll(async () => {
  engine = await startTestDatabase();
  await projectPool().query(`INSERT INTO generations (id, artifact_type, name, content, quality_score) VALUES
    ('g1', 'agent', 'retry agent', 'retry failed calls with backoff', 0.9), ('g2', 'tool', 'cache tool', 'cache embeddings by text hash', 0.8)`);
  await projectPool().query(`INSERT INTO feedback (id, generation_id, rating, comment) VALUES ('f1', 'g1', 5, 'solid')`);
});
afterAll(async () => stopTestDatabase(engine));

describe('promotion', () => {
  it('creates a linked template with an embedding, once', async () => {
    const id = await promoteToTemplate(actor, 'g1');
    const { template, feedback } = await getTemplate(id);
    expect(template).toMatchObject({ name: 'retry agent', content: 'retry failed calls with backoff', source: 'promoted', source_generation_id: 'g1', has_embedding: true });
    expect(feedback.map((f) => f.comment)).toEqual(['solid']);
    const { rows } = await projectPool().query("SELECT template_id FROM generations WHERE id = 'g1'");
    expect(rows[0].template_id).toBe(id);
    await expect(promoteToTemplate(actor, 'g1')).rejects.toThrow(`generation: already promoted to template ${id}`);
    await expect(promoteToTemplate(actor, 'nope')).rejects.toThrow('generation: no generation "nope"');
  });

  it('finds similar templates by the embedding', async () => {
    const other = await promoteToTemplate(actor, 'g2');
    const { similar } = await getTemplate(other);
    expect(similar.map((h) => h.row.name)).toEqual(['retry agent']);
  });
});

describe('editing templates', () => {
  it('recomputes the embedding only when the content changes', async () => {
    const id = await saveTemplate(actor, null, { artifactType: 'policy', name: 'p', content: 'first text' });
    const e1 = await embeddingOf(id);
    await saveTemplate(actor, id, { artifactType: 'policy', name: 'renamed', content: 'first text' });
    expect(await embeddingOf(id)).toBe(e1);
    await saveTemplate(actor, id, { artifactType: 'policy', name: 'renamed', content: 'entirely different words' });
    expect(await embeddingOf(id)).not.toBe(e1);
    await deleteTemplate(actor, id);
    expect(await embeddingOf(id)).toBeUndefined();
  });

  it('names each bad field', async () => {
    await expect(saveTemplate(actor, null, { artifactType: 'x', name: '', content: 'c' })).rejects.toThrow('name: required');
    await expect(saveTemplate(actor, null, { artifactType: 'x', name: 'n', content: '' })).rejects.toThrow('content: must not be empty');
    await expect(saveTemplate(actor, null, { artifactType: 'x', name: 'n', content: 'c', qualityScore: 2 })).rejects.toThrow('qualityScore: must be between 0 and 1');
    await expect(saveTemplate(actor, 'tpl-missing', { artifactType: 'x', name: 'n', content: 'c' })).rejects.toThrow('template: no template "tpl-missing"');
  });
});

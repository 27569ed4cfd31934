// prisma/schema.prisma must describe the tables sql/migrations creates: same tables, same columns,
// same nullability, compatible types. Fails on any drift, naming it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPool } from './pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import type { EmbeddedEngine } from './embedded';

interface PrismaField {
  column: string;
  type: string;
  optional: boolean;
  list: boolean;
  nativeType: string | null;
}
interface PrismaModel {
  name: string;
  table: string;
  schema: string;
  fields: PrismaField[];
}

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Float', 'Boolean', 'DateTime', 'Json', 'Decimal', 'Bytes']);

/** The subset of the Prisma schema language this project uses: models, @map, @@map, @@schema, @db.*. */
function parsePrismaSchema(text: string): PrismaModel[] {
  const models: PrismaModel[] = [];
  for (const m of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const [, name, body] = m;
    const model: PrismaModel = { name, table: name, schema: 'public', fields: [] };
    for (const raw of body.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      if (!line) continue;
      const blockMap = line.match(/^@@map\("([^"]+)"\)/);
      if (blockMap) model.table = blockMap[1];
      const blockSchema = line.match(/^@@schema\("([^"]+)"\)/);
      if (blockSchema) model.schema = blockSchema[1];
      if (line.startsWith('@@')) continue;
      const f = line.match(/^(\w+)\s+(Unsupported\("[^"]+"\)|\w+)(\[\])?(\?)?(.*)$/);
      if (!f) continue;
      const [, fieldName, type, list, optional, attrs] = f;
      if (!type.startsWith('Unsupported') && !SCALARS.has(type)) continue; // a relation, not a column
      model.fields.push({
        column: attrs.match(/@map\("([^"]+)"\)/)?.[1] ?? fieldName,
        type,
        list: Boolean(list),
        optional: Boolean(optional),
        nativeType: attrs.match(/@db\.(\w+)/)?.[1] ?? null,
      });
    }
    models.push(model);
  }
  return models;
}

/** Which database types each Prisma type may map to (information_schema's data_type / udt_name). */
function compatible(f: PrismaField, udt: string): boolean {
  if (f.list) {
    if (f.type === 'String') return udt === '_text';
    if (f.type === 'Float') return udt === (f.nativeType === 'Real' ? '_float4' : '_float8');
    if (f.type === 'BigInt') return udt === '_int8';
    return false;
  }
  const unsupported = f.type.match(/^Unsupported\("vector\((\d+)\)"\)$/);
  if (unsupported) return udt === 'vector';
  switch (f.type) {
    case 'String':
      if (f.nativeType === 'Char') return udt === 'bpchar';
      return f.nativeType === 'Uuid' ? udt === 'uuid' : ['varchar', 'text'].includes(udt) && (f.nativeType !== 'VarChar' || udt === 'varchar') && (f.nativeType === 'VarChar' || udt === 'text');
    case 'Int':
      return udt === 'int4';
    case 'BigInt':
      return udt === 'int8';
    case 'Float':
      return udt === 'float8';
    case 'Boolean':
      return udt === 'bool';
    case 'Json':
      return udt === 'jsonb';
    case 'DateTime':
      if (f.nativeType === 'Date') return udt === 'date';
      if (f.nativeType === 'Timestamptz') return udt === 'timestamptz';
      return udt === 'timestamp';
    default:
      return false;
  }
}

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => stopTestDatabase(engine));

describe('schema drift', () => {
  const models = parsePrismaSchema(fs.readFileSync(path.resolve('prisma/schema.prisma'), 'utf8'));

  it('parses every model of the Prisma schema', () => {
    const text = fs.readFileSync(path.resolve('prisma/schema.prisma'), 'utf8');
    expect(models.length).toBe(text.match(/^model /gm)!.length);
    expect(models.every((m) => m.fields.length > 0)).toBe(true);
    expect(models.find((m) => m.table === 'memory_entries')?.fields.map((f) => f.column)).toContain('embedding');
  });

  it('has a model for every table the migrations create, and a table for every model', async () => {
    const { rows } = await projectPool().query<{ t: string }>(`
      SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
      WHERE table_schema IN ('public', 'claude_flow', 'recall') AND table_type = 'BASE TABLE'
        AND NOT (table_schema = 'recall' AND table_name = 'schema_migrations')`);
    const inDb = rows.map((r) => r.t).sort();
    const inPrisma = models.map((m) => `${m.schema}.${m.table}`).sort();
    expect(inPrisma).toEqual(inDb);
  });

  it('matches every column: name, nullability and type', async () => {
    const { rows } = await projectPool().query<{ t: string; column_name: string; udt_name: string; is_nullable: string }>(`
      SELECT table_schema || '.' || table_name AS t, column_name, udt_name, is_nullable
      FROM information_schema.columns WHERE table_schema IN ('public', 'claude_flow', 'recall')`);
    const problems: string[] = [];
    for (const model of models) {
      const key = `${model.schema}.${model.table}`;
      const columns = rows.filter((r) => r.t === key);
      const dbNames = columns.map((c) => c.column_name).sort();
      const prismaNames = model.fields.map((f) => f.column).sort();
      if (JSON.stringify(dbNames) !== JSON.stringify(prismaNames)) {
        problems.push(`${key}: columns in the database [${dbNames}] vs the Prisma model [${prismaNames}]`);
        continue;
      }
      for (const f of model.fields) {
        const c = columns.find((x) => x.column_name === f.column)!;
        if (!compatible(f, c.udt_name)) problems.push(`${key}.${f.column}: Prisma ${f.type}${f.list ? '[]' : ''} @db.${f.nativeType} vs database ${c.udt_name}`);
        // Prisma lists are never optional; the database column may still allow NULL.
        const dbOptional = c.is_nullable === 'YES';
        if (!f.list && dbOptional !== f.optional) {
          problems.push(`${key}.${f.column}: ${dbOptional ? 'nullable' : 'NOT NULL'} in the database but ${f.optional ? 'optional' : 'required'} in Prisma`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares vector columns with the dimension the database has', async () => {
    const { rows } = await projectPool().query<{ t: string; col: string; dim: number }>(`
      SELECT n.nspname || '.' || c.relname AS t, a.attname AS col, a.atttypmod AS dim
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.atttypid = 'vector'::regtype AND NOT a.attisdropped AND c.relkind = 'r'`);
    for (const r of rows) {
      const model = models.find((m) => `${m.schema}.${m.table}` === r.t)!;
      const field = model.fields.find((f) => f.column === r.col)!;
      expect(field.type, `${r.t}.${r.col}`).toBe(`Unsupported("vector(${r.dim})")`);
    }
    expect(rows.length).toBe(6); // memory_entries, patterns, claude_flow.embeddings, templates, best_practices, content_vectors
  });
});

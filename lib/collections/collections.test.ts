// Creating collections and building their indexes: every bad input refused by name, nothing half-made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { getCollection } from './catalog';
import { buildIndex, createCollection } from './collections';

let engine: EmbeddedEngine;
const actor = { id: null, email: 'test' };
beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => stopTestDatabase(engine));

const tableCount = async () => (await projectPool().query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n;

describe('creating a collection', () => {
  it('makes the table and its HNSW index with the parameters asked for', async () => {
    const id = await createCollection(actor, { name: 'notes_vec', dimension: '8', distance: 'l2', m: '8', ef_construction: '32' });
    expect(id).toBe('public.notes_vec.embedding');
    const c = await getCollection(projectPool(), id);
    expect(c.dimension).toBe(8);
    expect(c.indexes).toEqual([expect.objectContaining({ method: 'hnsw', distance: 'l2', options: { m: '8', ef_construction: '32' } })]);
  });

  it.each([
    [{ name: 'Bad-Name', dimension: 8 }, 'name: lower-case letters, digits and _ only'],
    [{ name: 'x', dimension: 0 }, 'dimension: must be between 1 and 16000'],
    [{ name: 'x', dimension: 16001 }, 'dimension: must be between 1 and 16000'],
    [{ name: 'x', dimension: 2.5 }, 'dimension: must be a whole number'],
    [{ name: 'x', dimension: 'wide' }, 'dimension: must be a number'],
    [{ name: 'x', dimension: 3000 }, 'dimension: HNSW indexes at most 2000 dimensions; create it without an index'],
    [{ name: 'x', dimension: 8, distance: 'hamming' }, 'distance: must be one of cosine, l2, ip'],
    [{ name: 'x', dimension: 8, m: 1 }, 'm: must be between 2 and 100'],
    [{ name: 'x', dimension: 8, m: 101 }, 'm: must be between 2 and 100'],
    [{ name: 'x', dimension: 8, ef_construction: 3 }, 'ef_construction: must be between 4 and 1000'],
    [{ name: 'x', dimension: 8, m: 32, ef_construction: 40 }, 'ef_construction: must be at least 2 × m (64)'],
  ])('refuses %j', async (input, message) => {
    const before = await tableCount();
    await expect(createCollection(actor, input)).rejects.toThrow(message);
    expect(await tableCount()).toBe(before);
  });

  it('creates a wide collection without an index', async () => {
    const id = await createCollection(actor, { name: 'wide_vec', dimension: 3000, index: false });
    expect((await getCollection(projectPool(), id)).indexes).toEqual([]);
  });

  it('refuses a name that is taken, and leaves the existing table alone', async () => {
    await expect(createCollection(actor, { name: 'notes_vec', dimension: 16 })).rejects.toThrow('name: a table "notes_vec" already exists');
    expect((await getCollection(projectPool(), 'public.notes_vec.embedding')).dimension).toBe(8);
  });
});

describe('building an index', () => {
  it('replaces the index for the same distance with the new parameters', async () => {
    const { index } = await buildIndex(actor, { collection: 'public.notes_vec.embedding', distance: 'l2', m: 12, ef_construction: 48 });
    const c = await getCollection(projectPool(), 'public.notes_vec.embedding');
    expect(c.indexes).toEqual([expect.objectContaining({ name: index, distance: 'l2', options: { m: '12', ef_construction: '48' } })]);
  });

  it('refuses bad parameters and too-wide collections, keeping the old index', async () => {
    await expect(buildIndex(actor, { collection: 'public.notes_vec.embedding', distance: 'l2', m: 16, ef_construction: 20 }))
      .rejects.toThrow('ef_construction: must be at least 2 × m (32)');
    await expect(buildIndex(actor, { collection: 'public.notes_vec.embedding', m: 0 })).rejects.toThrow('m: must be between 2 and 100');
    await expect(buildIndex(actor, { collection: 'public.wide_vec.embedding' })).rejects.toThrow('collection: HNSW indexes at most 2000 dimensions; public.wide_vec.embedding has 3000');
    const c = await getCollection(projectPool(), 'public.notes_vec.embedding');
    expect(c.indexes).toEqual([expect.objectContaining({ options: { m: '12', ef_construction: '48' } })]);
  });
});

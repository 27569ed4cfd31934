// Creating collections and building their indexes: every bad input refused by name, nothing half-made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { getCollection, invalidateCollections } from './catalog';
import { browseCollection, buildIndex, collectionRow, createCollection } from './collections';

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

describe('browsing rows', () => {
  it('pages by primary key, newest first, without overlap; finds a row by a key of its own type', async () => {
    await projectPool().query(`CREATE TABLE public.docs_vec (slug VARCHAR(40) PRIMARY KEY, body TEXT, embedding vector(3));
      INSERT INTO public.docs_vec SELECT 'd' || lpad(g::text, 3, '0'), 'body ' || g, CASE WHEN g % 2 = 0 THEN '[3,4,0]'::vector END FROM generate_series(1, 60) g;
      ANALYZE public.docs_vec;`);
    invalidateCollections();
    const c = await getCollection(projectPool(), 'public.docs_vec.embedding');
    const pages = await Promise.all([1, 2, 3].map((p) => browseCollection(c, p)));
    expect(pages[0].pages).toBe(3);
    const keys = pages.flatMap((p) => p.rows.map((r) => r.key));
    expect(keys).toEqual(Array.from({ length: 60 }, (_, i) => `d${String(60 - i).padStart(3, '0')}`));
    expect(pages[0].rows[0]).toEqual({ key: 'd060', row: { slug: 'd060', body: 'body 60' }, hasVector: true, norm: 5 });
    expect(pages[0].rows[1]).toMatchObject({ key: 'd059', hasVector: false, norm: null });
    expect(await collectionRow(c, 'd007')).toEqual({ slug: 'd007', body: 'body 7' });
    expect(await collectionRow(c, 'd007-and-more-than-forty-characters-long-xxxxxxxx')).toBeNull();
  });

  it('pages a table without a primary key by row id, and refuses a row id that is not one', async () => {
    await projectPool().query(`CREATE TABLE public.loose_vec (note TEXT, embedding vector(2));
      INSERT INTO public.loose_vec SELECT 'n' || g, '[1,0]' FROM generate_series(1, 30) g;`);
    invalidateCollections();
    const c = await getCollection(projectPool(), 'public.loose_vec.embedding');
    const [p1, p2] = await Promise.all([browseCollection(c, 1), browseCollection(c, 2)]);
    expect([...p1.rows, ...p2.rows].map((r) => r.row.note)).toEqual(Array.from({ length: 30 }, (_, i) => `n${i + 1}`));
    expect(await collectionRow(c, p2.rows[0].key)).toEqual({ note: 'n26' });
    await expect(collectionRow(c, 'n26')).rejects.toThrow('row: must be a value of type tid (a row id, ctid)');
    const ints = await getCollection(projectPool(), 'public.notes_vec.embedding');
    await expect(collectionRow(ints, '12abc')).rejects.toThrow('row: must be a value of type bigint (the key column id)');
  });
});

// Collection import: rows checked against the table's own columns (here and by Postgres) before
// anything is written, line-numbered rejections, upsert on the primary key, defaults kept for
// left-out columns, appends when the file gives no key, and a collection export re-imported unchanged.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { exportCollection } from '@/lib/imports/export';
import { getCollection, invalidateCollections, MEMORY_COLLECTION } from '@/lib/collections/catalog';
import { importCollectionText, importableCollection, parseCollectionImport, prepareCollectionImport, runCollectionImport } from './collection-import';

let engine: EmbeddedEngine;
const actor = { id: null, email: 'importer@example.com' };
const DOCS = 'public.docs.embedding';
const line = (o: unknown) => JSON.stringify(o);
const doc = (i: number, extra: Record<string, unknown> = {}) => ({ id: `d${i}`, title: `Doc ${i}`, score: i, embedding: [i, 1, 0], ...extra });
const jsonl = (rows: unknown[]) => rows.map(line).join('\n');

async function rows() {
  const { rows } = await projectPool().query('SELECT id, title, score, tags, meta, embedding::text AS embedding, created_at FROM docs ORDER BY id');
  return rows;
}

beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => stopTestDatabase(engine));

beforeEach(async () => {
  await projectPool().query('DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS notes; DROP TABLE IF EXISTS events');
  await projectPool().query(`
    CREATE TABLE docs (
      id TEXT PRIMARY KEY,
      title VARCHAR(20) NOT NULL,
      score INTEGER CHECK (score >= 0),
      tags TEXT[],
      meta JSONB,
      created_at TIMESTAMPTZ NOT NULL DEFAULT '2020-01-01T00:00:00Z',
      embedding vector(3),
      doubled INTEGER GENERATED ALWAYS AS (score * 2) STORED
    );
    CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT NOT NULL, embedding vector(3));
    CREATE TABLE events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body TEXT, embedding vector(3));`);
  invalidateCollections();
});

describe('reading the file', () => {
  it('rejects each row that does not fit the table, with its line number and the column', async () => {
    const collection = await getCollection(projectPool(), DOCS, { counts: false });
    const text = [
      line(doc(1)),
      line(doc(2, { colour: 'red' })),
      '{not json',
      line({ id: 'd3', score: 3 }),
      line(doc(4, { embedding: [1, 2] })),
      line(doc(5, { embedding: [1, 'x', 3] })),
      line(doc(6, { doubled: 12 })),
      line(doc(1, { title: 'again' })),
      line(doc(8, { title: null })),
      line([1, 2]),
      line(doc(9, { id: null })),
      line(doc(12, { embedding: [1e39, 0, 0] })),
    ].join('\n');
    const parsed = parseCollectionImport(text, 'jsonl', collection);
    expect(parsed.key).toEqual(['id']);
    expect(parsed.entries.map((e) => e.line)).toEqual([1, 7]);
    expect(parsed.entries[1].row).not.toHaveProperty('doubled');
    expect(parsed.ignored).toEqual(['doubled']);
    expect(parsed.totalRows).toBe(12);
    expect(parsed.rejected).toEqual([
      { line: 2, reason: expect.stringMatching(/^unknown column\(s\): colour \(docs has id, title, .*\)$/) },
      { line: 3, reason: 'not valid JSON' },
      { line: 4, reason: 'title: required (NOT NULL, no default)' },
      { line: 5, reason: 'embedding: expected 3 dimensions, got 2' },
      { line: 6, reason: 'embedding: must contain only finite numbers (position 1 is "x")' },
      { line: 8, reason: 'id: d1 already appears on line 1' },
      { line: 9, reason: 'title: required (NOT NULL, no default)' },
      { line: 10, reason: 'expected an object whose fields are columns of docs' },
      { line: 11, reason: 'id: required (NOT NULL, no default)' },
      { line: 12, reason: 'embedding: numbers must be within ±3.4e38, a 4-byte float (position 0 is 1e+39)' },
    ]);
  });

  it('has Postgres read each value with its column type, naming the column, without writing', async () => {
    const collection = await getCollection(projectPool(), DOCS, { counts: false });
    const text = jsonl([doc(1), doc(2, { title: 'x'.repeat(21) }), doc(3, { score: 'many' }), doc(4, { created_at: 'yesterday-ish' }), doc(5)]);
    const prepared = await prepareCollectionImport(text, 'jsonl', collection);
    expect(prepared.entries.map((e) => e.line)).toEqual([1, 5]);
    expect(prepared.rejected).toEqual([
      { line: 2, reason: 'title: value too long for type character varying(20)' },
      { line: 3, reason: 'score: invalid input syntax for type integer: "many"' },
      { line: 4, reason: expect.stringMatching(/^created_at: invalid input syntax for type timestamp with time zone/) },
    ]);
    expect(await rows()).toEqual([]);
  });
});

describe('importing', () => {
  it('writes nothing when a row is bad, unless asked to skip bad rows', async () => {
    const text = jsonl([doc(1), doc(2, { score: 'many' }), doc(3)]);
    const refused = await importCollectionText(actor, text, 'jsonl', { collection: DOCS });
    expect(refused.status).toBe('failed');
    expect(refused.message).toMatch(/1 row\(s\) rejected; nothing was imported/);
    expect(await rows()).toEqual([]);

    const skipped = await importCollectionText(actor, text, 'jsonl', { collection: DOCS, skipBad: true });
    expect(skipped).toMatchObject({ status: 'done', imported: 2 });
    expect(skipped.message).toBe('Imported 2 row(s), upserted on (id); skipped 1 bad row(s); count check passed.');
    expect((await rows()).map((r) => r.id)).toEqual(['d1', 'd3']);
  });

  it('upserts on the primary key: a re-run changes nothing, a changed row is updated, left-out columns keep their defaults', async () => {
    const text = jsonl([doc(1, { tags: ['a', 'b'], meta: { source: 'wiki' } }), doc(2)]);
    expect((await importCollectionText(actor, text, 'jsonl', { collection: DOCS })).status).toBe('done');
    const first = await rows();
    expect(first[0]).toMatchObject({ id: 'd1', title: 'Doc 1', score: 1, tags: ['a', 'b'], meta: { source: 'wiki' }, embedding: '[1,1,0]' });
    expect(first[0].created_at.toISOString()).toBe('2020-01-01T00:00:00.000Z');

    expect((await importCollectionText(actor, text, 'jsonl', { collection: DOCS })).status).toBe('done');
    expect(await rows()).toEqual(first);

    await importCollectionText(actor, jsonl([doc(2, { title: 'Renamed' })]), 'jsonl', { collection: DOCS });
    const after = await rows();
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ id: 'd2', title: 'Renamed' });
    const { rows: generated } = await projectPool().query("SELECT doubled FROM docs WHERE id = 'd2'");
    expect(generated[0].doubled).toBe(4);
  });

  it('analyzes the table after an import, so its row estimate is right at once', async () => {
    await importCollectionText(actor, jsonl(Array.from({ length: 30 }, (_, i) => doc(i))), 'jsonl', { collection: DOCS });
    const { rows: stats } = await projectPool().query("SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'public.docs'::regclass");
    expect(stats[0].n).toBe(30);
    const listed = await getCollection(projectPool(), DOCS, { counts: false });
    expect(listed.rows).toBe(30);
  });

  it('reads CSV cells as their columns want them', async () => {
    const text = [
      'id,title,score,tags,meta,embedding,created_at',
      'c1,From CSV,7,a|b,"{""k"": 1}","[0.5, 0.25, 0]",',
      'c2,Second,,"[""x""]",,,2024-05-01T10:00:00Z',
      'c3,Third,1,,{bad,,',
    ].join('\n');
    const outcome = await importCollectionText(actor, text, 'csv', { collection: DOCS, skipBad: true });
    expect(outcome.rejected).toEqual([{ line: 4, reason: 'meta: not valid JSON' }]);
    expect(outcome.imported).toBe(2);
    const [c1, c2] = await rows();
    expect(c1).toMatchObject({ id: 'c1', score: 7, tags: ['a', 'b'], meta: { k: 1 }, embedding: '[0.5,0.25,0]' });
    expect(c1.created_at.toISOString()).toBe('2020-01-01T00:00:00.000Z');
    expect(c2).toMatchObject({ id: 'c2', score: null, tags: ['x'], meta: null, embedding: null });
    expect(c2.created_at.toISOString()).toBe('2024-05-01T10:00:00.000Z');
  });

  it('appends when the file gives no unique key, and says a re-run would add them again', async () => {
    const text = jsonl([{ body: 'one', embedding: [1, 0, 0] }, { body: 'two' }]);
    const outcome = await importCollectionText(actor, text, 'jsonl', { collection: 'public.notes.embedding' });
    expect(outcome.status).toBe('done');
    expect(outcome.message).toMatch(/appended \(the file gives no unique key, so a re-run adds them again\)/);
    const { rows: notes } = await projectPool().query('SELECT id, body FROM notes ORDER BY id');
    expect(notes).toEqual([{ id: 1, body: 'one' }, { id: 2, body: 'two' }]);
  });

  it('fails the count check of a keyless import when Postgres inserted fewer rows, whatever else the table gained', async () => {
    // A trigger quietly drops one row and inserts another of its own: the table grows by as many rows
    // as the file has, so a count(*) before and after could not tell.
    await projectPool().query(`CREATE FUNCTION swap_two() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.body = 'two' THEN INSERT INTO notes (body) VALUES ('not from the file'); RETURN NULL; END IF; RETURN NEW; END $$;
      CREATE TRIGGER swap_two BEFORE INSERT ON notes FOR EACH ROW EXECUTE FUNCTION swap_two()`);
    try {
      const text = jsonl([{ body: 'one' }, { body: 'two' }, { body: 'three' }]);
      const outcome = await importCollectionText(actor, text, 'jsonl', { collection: 'public.notes.embedding' });
      expect(outcome).toMatchObject({ status: 'failed', imported: 3, message: 'Count check failed: expected 3 rows inserted, Postgres inserted 2.' });
      const { rows: notes } = await projectPool().query('SELECT count(*)::int AS n FROM notes');
      expect(notes[0].n).toBe(3);
    } finally {
      await projectPool().query('DROP TRIGGER swap_two ON notes; DROP FUNCTION swap_two()');
    }
  });

  it('upserts on a key with a default once the file gives it, and then wants it on every row', async () => {
    const collection = await getCollection(projectPool(), 'public.notes.embedding', { counts: false });
    const parsed = parseCollectionImport(jsonl([{ id: 7, body: 'seven' }, { body: 'no id' }]), 'jsonl', collection);
    expect(parsed.key).toEqual(['id']);
    expect(parsed.rejected).toEqual([{ line: 2, reason: 'id: required, the import matches existing rows on (id)' }]);
  });

  it('restores serial and identity ids, and moves their sequences past them so the next insert does not collide', async () => {
    const notes = jsonl([{ id: 5, body: 'five' }, { id: 6, body: 'six' }]);
    expect((await importCollectionText(actor, notes, 'jsonl', { collection: 'public.notes.embedding' })).status).toBe('done');
    const next = await projectPool().query("INSERT INTO notes (body) VALUES ('next') RETURNING id");
    expect(next.rows[0].id).toBe(7);

    const events = jsonl([{ id: 10, body: 'ten' }]);
    for (let run = 0; run < 2; run++) {
      const outcome = await importCollectionText(actor, events, 'jsonl', { collection: 'public.events.embedding' });
      expect(outcome.message).toBe('Imported 1 row(s), upserted on (id); count check passed.');
    }
    const after = await projectPool().query("INSERT INTO events (body) VALUES ('next') RETURNING id");
    expect(Number(after.rows[0].id)).toBe(11);
    const { rows: all } = await projectPool().query('SELECT id::int, body FROM events ORDER BY id');
    expect(all).toEqual([{ id: 10, body: 'ten' }, { id: 11, body: 'next' }]);
  });

  it('stops at a batch the database refuses (a CHECK constraint), keeping only the whole batches before it', async () => {
    const collection = await getCollection(projectPool(), DOCS, { counts: false });
    const text = jsonl([doc(1), doc(2), doc(3), doc(4, { score: -1 }), doc(5)]);
    const outcome = await runCollectionImport(actor, await prepareCollectionImport(text, 'jsonl', collection), { batchSize: 2 });
    expect(outcome.status).toBe('failed');
    expect(outcome.imported).toBe(2);
    expect(outcome.message).toMatch(/^The batch from line 3 to 4 was refused: .*docs_score_check.*2 row\(s\) before it were kept/);
    expect((await rows()).map((r) => r.id)).toEqual(['d1', 'd2']);
  });

  it('cancels between batches', async () => {
    const collection = await getCollection(projectPool(), DOCS, { counts: false });
    const prepared = await prepareCollectionImport(jsonl([1, 2, 3, 4, 5].map((i) => doc(i))), 'jsonl', collection);
    let batches = 0;
    const outcome = await runCollectionImport(actor, prepared, { batchSize: 2 }, { onProgress: () => void batches++, shouldStop: () => batches === 1 });
    expect(outcome).toMatchObject({ status: 'cancelled', imported: 2 });
    expect(await rows()).toHaveLength(2);
  });

  it('re-imports its own export unchanged', async () => {
    await importCollectionText(actor, jsonl([doc(1, { tags: ['t'], meta: { a: [1, 2] } }), doc(2), doc(3, { embedding: [0.1, 0.2, 0.3] })]), 'jsonl', { collection: DOCS });
    const before = await rows();
    const exported = exportCollection(DOCS, { format: 'jsonl', vectors: 'true' });
    const text = await new Response((await exported).body).text();
    expect(text.split('\n').filter(Boolean)).toHaveLength(3);
    await projectPool().query("UPDATE docs SET title = 'changed', embedding = '[9,9,9]'");
    expect(text).toContain('"doubled":2');
    const outcome = await importCollectionText(actor, text, 'jsonl', { collection: DOCS });
    expect(outcome).toMatchObject({ status: 'done', imported: 3 });
    expect(outcome.message).toBe("Imported 3 row(s), upserted on (id); doubled computed by the database, the file's values ignored; count check passed.");
    expect(await rows()).toEqual(before);
  });

  it('handles tables and columns whose names need quoting, in any schema', async () => {
    await projectPool().query(`
      DROP SCHEMA IF EXISTS "Odd Schema" CASCADE;
      CREATE SCHEMA "Odd Schema";
      CREATE TABLE "Odd Schema"."Weird ""Docs""" ("Doc ID" TEXT PRIMARY KEY, "the vector" vector(2), "Notes" TEXT);`);
    invalidateCollections();
    const id = 'Odd Schema.Weird "Docs".the vector';
    const text = jsonl([{ 'Doc ID': 'a', 'the vector': [1, 0], Notes: 'first' }, { 'Doc ID': 'b', Notes: 'second' }]);
    for (let run = 0; run < 2; run++) {
      const outcome = await importCollectionText(actor, text, 'jsonl', { collection: id });
      expect(outcome.message).toBe('Imported 2 row(s), upserted on (Doc ID); count check passed.');
    }
    const { rows } = await projectPool().query(`SELECT "Doc ID" AS id, "the vector"::text AS v, "Notes" AS notes FROM "Odd Schema"."Weird ""Docs""" ORDER BY 1`);
    expect(rows).toEqual([{ id: 'a', v: '[1,0]', notes: 'first' }, { id: 'b', v: null, notes: 'second' }]);
  });

  it('refuses memory_entries (imported by namespace) and unknown collections', async () => {
    await expect(importableCollection(MEMORY_COLLECTION, actor)).rejects.toThrow('collection: memory_entries is imported by namespace; choose a namespace instead');
    await expect(importableCollection('public.nope.embedding', actor)).rejects.toThrow(/no vector column "public.nope.embedding"/);
  });
});

// Collection imports on a real PostgreSQL 15 + pgvector server go through COPY into a staging table:
// every value stored exactly as the jsonb path (jsonb_populate_recordset) stores it, escapes and
// all; upserts on the key, sequences moved past given ids, whole batches, a refused batch alone
// rolled back, cancel between batches, and the count check.
import { beforeEach, describe, expect, it } from 'vitest';
import { probeNativeServer, skipNotice } from '@/lib/testing/database';
import { projectPool } from '@/lib/db/pools';
import { invalidateCollections } from '@/lib/collections/catalog';
import { useNativeProjectDatabase } from '@/lib/testing/native-project';

const skip = skipNotice('collection import through COPY', (await probeNativeServer()).missingVector);
const actor = { id: null, email: 'importer@example.com' };
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const DOCS = 'public.docs.embedding';
const doc = (i: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id: `d${i}`, title: `Doc ${i}`, score: i, tags: ['t'], embedding: [i, 1, 0.5], ...extra });
const DOCS_TABLE = (name: string) => `CREATE TABLE ${name} (
  id TEXT PRIMARY KEY,
  title VARCHAR(40) NOT NULL,
  score INTEGER CHECK (score >= 0),
  tags TEXT[],
  meta JSONB,
  seen TIMESTAMPTZ,
  ok BOOLEAN,
  ratio NUMERIC(6, 3),
  created_at TIMESTAMPTZ NOT NULL DEFAULT '2020-01-01T00:00:00Z',
  embedding vector(3),
  doubled INTEGER GENERATED ALWAYS AS (score * 2) STORED)`;

describe.skipIf(skip)('collection import through COPY on PostgreSQL 15 + pgvector', () => {
  useNativeProjectDatabase('recall_scale_copy', { poolMax: 4 });
  beforeEach(async () => {
    await projectPool().query('DROP TABLE IF EXISTS docs, docs_ref, notes, events');
    await projectPool().query(`${DOCS_TABLE('docs')}; ${DOCS_TABLE('docs_ref')};
      CREATE TABLE notes (id SERIAL PRIMARY KEY, body TEXT NOT NULL, embedding vector(3));
      CREATE TABLE events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body TEXT, embedding vector(3))`);
    invalidateCollections();
  });

  it('stores every value as the jsonb path does, through COPY; left-out columns keep their defaults', async () => {
    const { importCollectionText } = await import('./collection-import');
    const rows = [
      doc(1, { title: 'tab\there\nnew \\N back\\slash', tags: ['with,comma', 'with "quote"', 'back\\slash', '{brace}', 'NULL'],
        meta: { nested: { s: 'x\ty', n: 1.5 }, list: [1, null], quote: '"' }, seen: '2026-12-02T10:00:00+01:00', ok: true, ratio: 1.25 }),
      doc(2, { tags: '{a,b}', meta: 'plain string', ok: false, ratio: 0 }),
      doc(3, { tags: [], meta: null, seen: null, title: 'é😀' }),
      doc(4, { doubled: 99 }), // generated: ignored
    ];
    const outcome = await importCollectionText(actor, jsonl(rows), 'jsonl', { collection: DOCS });
    expect(outcome, outcome.message).toMatchObject({ status: 'done', imported: 4, load: { method: 'copy' } });
    // The reference: the same rows through jsonb_populate_recordset, as the INSERT path writes them.
    for (const r of rows) {
      const { doubled: _, ...row } = r as Record<string, unknown>;
      const cols = Object.keys(row).map((c) => `"${c}"`).join(', ');
      await projectPool().query(`INSERT INTO docs_ref (${cols}) SELECT ${cols} FROM jsonb_populate_recordset(NULL::docs_ref, $1::jsonb)`,
        [JSON.stringify([{ ...row, embedding: `[${(row.embedding as number[]).join(',')}]` }])]);
    }
    const all = 'id, title, score, tags, meta, seen, ok, ratio, created_at, embedding::text AS embedding, doubled';
    const stored = (await projectPool().query(`SELECT ${all} FROM docs ORDER BY id`)).rows;
    expect(stored).toEqual((await projectPool().query(`SELECT ${all} FROM docs_ref ORDER BY id`)).rows);
    expect(stored[0]).toMatchObject({ title: rows[0].title, tags: rows[0].tags, meta: rows[0].meta, created_at: new Date('2020-01-01T00:00:00Z'), doubled: 2 });
    const { rows: audit } = await projectPool().query("SELECT details FROM recall.audit_log WHERE action = 'collection.import' ORDER BY id DESC LIMIT 1");
    expect(audit[0].details).toMatchObject({ imported: 4, count_check: 'passed', method: 'copy' });
  });

  it('upserts on the key, moves a serial past the given ids, and writes identity ALWAYS columns', async () => {
    const { importCollectionText } = await import('./collection-import');
    await importCollectionText(actor, jsonl(Array.from({ length: 30 }, (_, i) => doc(i))), 'jsonl', { collection: DOCS, batchSize: 7 });
    const again = await importCollectionText(actor, jsonl(Array.from({ length: 40 }, (_, i) => doc(i, { title: `changed ${i}` }))), 'jsonl', { collection: DOCS, batchSize: 7 });
    expect(again).toMatchObject({ status: 'done', imported: 40, load: { method: 'copy' } });
    const { rows } = await projectPool().query("SELECT count(*)::int AS n, count(*) FILTER (WHERE title LIKE 'changed %')::int AS changed FROM docs");
    expect(rows[0]).toEqual({ n: 40, changed: 40 });

    const notes = await importCollectionText(actor, jsonl([{ id: 50, body: 'given id', embedding: [1, 0, 0] }]), 'jsonl', { collection: 'public.notes.embedding' });
    expect(notes.status).toBe('done');
    const next = await projectPool().query("INSERT INTO notes (body) VALUES ('next') RETURNING id");
    expect(next.rows[0].id).toBe(51);
    const events = await importCollectionText(actor, jsonl([{ id: 7, body: 'kept id', embedding: [0, 1, 0] }]), 'jsonl', { collection: 'public.events.embedding' });
    expect(events.status).toBe('done');
    expect((await projectPool().query('SELECT id::int FROM events')).rows).toEqual([{ id: 7 }]);
  });

  it('a batch the database refuses rolls back alone, whole batches before it kept; cancel stops between batches', async () => {
    const { importCollectionText } = await import('./collection-import');
    // score -1 passes the value check (its type is fine) and fails the CHECK constraint when written.
    const rows = Array.from({ length: 50 }, (_, i) => doc(i, i === 25 ? { score: -1 } : {}));
    const failed = await importCollectionText(actor, jsonl(rows), 'jsonl', { collection: DOCS, batchSize: 10 });
    expect(failed).toMatchObject({ status: 'failed', imported: 20, load: { method: 'copy' } });
    expect(failed.message).toMatch(/^The batch from line 21 to 30 was refused: .*docs_score_check.*20 row\(s\) before it were kept/);
    expect((await projectPool().query('SELECT count(*)::int AS n FROM docs')).rows[0].n).toBe(20);

    await projectPool().query('TRUNCATE docs');
    let batches = 0;
    const cancelled = await importCollectionText(actor, jsonl(Array.from({ length: 50 }, (_, i) => doc(i))), 'jsonl', { collection: DOCS, batchSize: 10 }, {
      onProgress: () => void batches++, shouldStop: () => batches === 2,
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', imported: 20 });
    expect((await projectPool().query('SELECT count(*)::int AS n FROM docs')).rows[0].n).toBe(20);
  });

  it('a list with a NULL element takes the jsonb path for its group, and still arrives intact', async () => {
    const { importCollectionText } = await import('./collection-import');
    const outcome = await importCollectionText(actor, jsonl([doc(1, { tags: ['a', null] }), doc(2)]), 'jsonl', { collection: DOCS });
    expect(outcome.status).toBe('done');
    expect((await projectPool().query('SELECT id, tags FROM docs ORDER BY id')).rows).toEqual([{ id: 'd1', tags: ['a', null] }, { id: 'd2', tags: ['t'] }]);
  });
});

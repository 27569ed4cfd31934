// Import: bad rows with line numbers, all-or-nothing and skip-bad, an interrupted run leaving whole
// batches, an idempotent re-run, the count check; export: streamed and re-importable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { countMemories } from '@/lib/memories/memories';
import { exportCollection, exportNamespace } from '@/lib/imports/export';
import { importText, parseImport } from './memory-import';

let engine: EmbeddedEngine;
const actor = { id: null, email: 'importer@example.com' };
const line = (o: unknown) => JSON.stringify(o);
const good = (n: number, ns = 'imp') =>
  Array.from({ length: n }, (_, i) => line({ namespace: ns, key: `k${i}`, value: `value ${i}`, tags: ['t'], metadata: { i } })).join('\n');

beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => stopTestDatabase(engine));

async function readAll(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

describe('parsing', () => {
  it('reports each bad JSONL row with its line number and reason', () => {
    const text = [
      line({ namespace: 'imp', key: 'a', value: 'ok' }),
      '{not json',
      '',
      line({ namespace: 'imp', key: 'b', value: '' }),
      line({ namespace: 'imp', key: 'c', value: 'x', embedding: [1, 2] }),
      line({ namespace: 'imp', key: 'a', value: 'again' }),
      line({ namespace: 'imp', key: 'd', value: 'x', colour: 'red' }),
      line([1, 2]),
    ].join('\n');
    const parsed = parseImport(text, 'jsonl', { dimension: 384 });
    expect(parsed.entries.map((e) => e.line)).toEqual([1]);
    expect(parsed.rejected).toEqual([
      { line: 2, reason: 'not valid JSON' },
      { line: 4, reason: 'value: must not be empty' },
      { line: 5, reason: 'embedding: expected 384 dimensions, got 2' },
      { line: 6, reason: 'key: "a" already appears on line 1' },
      { line: 7, reason: 'unknown field(s): colour' },
      { line: 8, reason: 'expected an object with namespace, key, value' },
    ]);
    expect(parsed.totalRows).toBe(7);
  });

  it('reads CSV with JSON cells, pipe-separated tags and the target namespace', () => {
    const csv = 'key,value,tags,metadata\n' + 'a,"hello, world",x|y,"{""s"":1}"\n' + 'b,,t,\n' + 'c,"multi\nline",,\n' + 'd,v,,{bad\n' + 'e,v\n';
    const parsed = parseImport(csv, 'csv', { namespace: 'csvns', dimension: 384 });
    expect(parsed.entries.map((e) => e.entry)).toEqual([
      { namespace: 'csvns', key: 'a', value: 'hello, world', tags: ['x', 'y'], metadata: { s: 1 } },
      { namespace: 'csvns', key: 'c', value: 'multi\nline' },
    ]);
    expect(parsed.rejected).toEqual([
      { line: 3, reason: 'value: must not be empty' },
      { line: 6, reason: 'metadata: not valid JSON' },
      { line: 7, reason: 'expected 4 columns (key, value, tags, metadata)' },
    ]);
  });

  it('refuses a row for another namespace than the target', () => {
    const parsed = parseImport(line({ namespace: 'other', key: 'a', value: 'v' }), 'jsonl', { namespace: 'mine', dimension: 384 });
    expect(parsed.rejected).toEqual([{ line: 1, reason: 'namespace: the row says "other" but the import targets "mine"' }]);
  });
});

describe('importing', () => {
  it('writes nothing when any row is bad, unless asked to skip bad rows', async () => {
    const text = good(5) + '\n' + line({ namespace: 'imp', key: 'bad', value: '' });
    const refused = await importText(actor, text, 'jsonl', {});
    expect(refused).toMatchObject({ status: 'failed', imported: 0, message: '1 row(s) rejected; nothing was imported. Fix them, or import with "skip bad rows".' });
    expect(await countMemories('imp')).toBe(0);
    const skipped = await importText(actor, text, 'jsonl', { skipBad: true });
    expect(skipped).toMatchObject({ status: 'done', imported: 5, rejected: [{ line: 6, reason: 'value: must not be empty' }] });
    expect(skipped.message).toBe('Imported 5 row(s), skipped 1 bad row(s); count check passed.');
    expect(await countMemories('imp')).toBe(5);
  });

  it('is idempotent: a re-run upserts the same rows', async () => {
    const again = await importText(actor, good(5), 'jsonl', {});
    expect(again.status).toBe('done');
    expect(await countMemories('imp')).toBe(5);
  });

  it('an interrupted import leaves only whole batches, and finishing it later completes the set', async () => {
    let batches = 0;
    const outcome = await importText(actor, good(250, 'big'), 'jsonl', { batchSize: 100 }, {
      onProgress: () => {
        batches++;
      },
      shouldStop: () => batches >= 2,
    });
    expect(outcome).toMatchObject({ status: 'cancelled', imported: 200 });
    expect(await countMemories('big')).toBe(200);
    const rest = await importText(actor, good(250, 'big'), 'jsonl', { batchSize: 100 });
    expect(rest).toMatchObject({ status: 'done', imported: 250 });
    expect(await countMemories('big')).toBe(250);
    // Analyzed after the import: the planner's estimate is the table's count.
    const { rows } = await projectPool().query("SELECT reltuples::float8 AS n, (SELECT count(*)::float8 FROM memory_entries) AS exact FROM pg_class WHERE oid = 'memory_entries'::regclass");
    expect(rows[0].n).toBe(rows[0].exact);
  });

  it('a batch that fails in the database rolls back alone and the import reports it', async () => {
    // A trigger stands in for a constraint the rows break only in the database.
    await projectPool().query(`CREATE FUNCTION refuse_k150() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = 'k150' THEN RAISE EXCEPTION 'refused k150'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON memory_entries FOR EACH ROW EXECUTE FUNCTION refuse_k150()`);
    await expect(importText(actor, good(250, 'trig'), 'jsonl', { batchSize: 100 })).rejects.toThrow('refused k150');
    expect(await countMemories('trig')).toBe(100);
    await projectPool().query('DROP TRIGGER refuse ON memory_entries; DROP FUNCTION refuse_k150()');
  });
});

describe('the count check', () => {
  it('fails the import when rows silently did not arrive', async () => {
    // A trigger that quietly drops a row stands in for anything that loses writes on the way.
    await projectPool().query(`CREATE FUNCTION drop_k3() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = 'k3' THEN RETURN NULL; END IF; RETURN NEW; END $$;
      CREATE TRIGGER drop_k3 BEFORE INSERT ON memory_entries FOR EACH ROW EXECUTE FUNCTION drop_k3()`);
    const outcome = await importText(actor, good(5, 'lossy'), 'jsonl', {});
    await projectPool().query('DROP TRIGGER drop_k3 ON memory_entries; DROP FUNCTION drop_k3()');
    expect(outcome).toMatchObject({ status: 'failed', imported: 5, message: 'Count check failed: expected 5 entries, found 4.' });
    const { rows } = await projectPool().query("SELECT details FROM recall.audit_log WHERE action = 'memory.import' ORDER BY id DESC LIMIT 1");
    expect(rows[0].details.count_check).toBe('expected 5, found 4');
  });
});

describe('exporting', () => {
  it('streams a namespace as JSONL that imports back to the same rows', async () => {
    const exported = exportNamespace('big', { format: 'jsonl', vectors: 'false' });
    const text = await readAll(exported.body);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(250);
    expect(JSON.parse(lines[0])).toMatchObject({ namespace: 'big', key: 'k0', value: 'value 0', tags: ['t'], metadata: { i: 0 } });
    const roundTrip = parseImport(lines.join('\n'), 'jsonl', { dimension: 384 });
    expect(roundTrip.rejected).toEqual([]);
    expect(roundTrip.entries).toHaveLength(250);
  });

  it('streams CSV with a header, with or without vectors', async () => {
    await projectPool().query("UPDATE memory_entries SET embedding = array_fill(0.5, ARRAY[384])::vector WHERE namespace = 'imp' AND key = 'k0'");
    const withVectors = await readAll(exportNamespace('imp', { format: 'csv', vectors: 'true' }).body);
    const [header, first] = withVectors.split('\n');
    expect(header).toBe('namespace,key,value,embedding,metadata,tags,created_at,updated_at');
    expect(first).toMatch(/^imp,k0,value 0,"\[0\.5,0\.5,/);
    const without = await readAll(exportNamespace('imp', { format: 'csv' }).body);
    expect(without.split('\n')[0]).toBe('namespace,key,value,metadata,tags,created_at,updated_at');
    expect(without.trim().split('\n')).toHaveLength(6);
  });

  it('streams any collection by its primary key in pages', async () => {
    await projectPool().query(`CREATE TABLE docs_vec (id serial PRIMARY KEY, body text, v vector(3));
      INSERT INTO docs_vec (body, v) SELECT 'row ' || g, ARRAY[g, 1, 0]::vector FROM generate_series(1, 2500) g`);
    const text = await readAll((await exportCollection('public.docs_vec.v', { format: 'jsonl', vectors: 'true' })).body);
    const rows = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2500);
    expect(rows[2499]).toEqual({ id: 2500, body: 'row 2500', v: [2500, 1, 0] });
    await expect(exportCollection('public.docs_vec.v', { format: 'xml' })).rejects.toThrow('format: must be jsonl or csv');
    await expect(exportCollection('public.docs_vec.v', { vectors: 'yes' })).rejects.toThrow('vectors: must be true or false');
    // An empty flag (?vectors=) means "not given", as in search URLs.
    const bare = await readAll((await exportCollection('public.docs_vec.v', { vectors: '' })).body);
    expect(JSON.parse(bare.split('\n')[0])).toEqual({ id: 1, body: 'row 1' });
  });

  it('stops after ?limit rows, across pages too, and refuses a limit that is not a positive whole number', async () => {
    const ids = async (limit: string) =>
      (await readAll((await exportCollection('public.docs_vec.v', { limit })).body)).trim().split('\n').map((l) => JSON.parse(l).id);
    expect(await ids('5')).toEqual([1, 2, 3, 4, 5]);
    const many = await ids('1500');
    expect(many).toHaveLength(1500);
    expect(many.at(-1)).toBe(1500);
    expect(await ids('')).toHaveLength(2500);
    await expect(exportCollection('public.docs_vec.v', { limit: '0' })).rejects.toThrow('limit: must be between 1 and 1000000000');
    await expect(exportCollection('public.docs_vec.v', { limit: '2.5' })).rejects.toThrow('limit: must be a whole number');
    const namespaceRows = (await readAll(exportNamespace('imp', { limit: '1' }).body)).trim().split('\n').map((l) => JSON.parse(l));
    expect(namespaceRows).toEqual([expect.objectContaining({ namespace: 'imp' })]);
    expect(await countMemories('imp')).toBeGreaterThan(1);
  });
});

// Namespace imports on a real PostgreSQL 15 + pgvector server go through COPY into a staging table:
// the same upsert semantics, whole batches, cancel and count check as the INSERT path, every value
// arriving intact, and the vector index dropped and built again for large loads.
import { describe, expect, it } from 'vitest';
import { probeNativeServer, skipNotice } from '@/lib/testing/database';
import { projectPool } from '@/lib/db/pools';
import { useNativeProjectDatabase } from '@/lib/testing/native-project';

const skip = skipNotice('namespace import through COPY', (await probeNativeServer()).missingVector);
const actor = { id: null, email: 'importer@example.com' };
const vec = (seed: number) => Array.from({ length: 384 }, (_, i) => Math.sin(seed * 7 + i));
const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');
const many = (n: number, ns: string, value = 'v') => jsonl(Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `${value} ${i}`, embedding: vec(i), tags: ['bulk'] })));

describe.skipIf(skip)('namespace import through COPY on PostgreSQL 15 + pgvector', () => {
  useNativeProjectDatabase('recall_copy', { poolMax: 4 });

  it('stores every value as written, through COPY, escapes and all', async () => {
    const { importText } = await import('./memory-import');
    const { getMemory } = await import('@/lib/memories/memories');
    const tricky = {
      key: 'tab\tnew\nline\\back', value: 'a\tb\r\nc \\N d "quoted" {braces} \u00e9\u{1F600}',
      tags: ['with,comma', 'with "quote"', 'back\\slash', '{brace}', 'NULL'], metadata: { nested: { s: 'x\ty', n: 1.5 }, list: [1, null] },
      embedding: vec(3),
    };
    const outcome = await importText(actor, jsonl([tricky, { key: 'plain', value: 'no vector, tags or metadata' }, { key: 'empty', value: 'empty tags and metadata', tags: [], metadata: {} }]), 'jsonl', { namespace: 'copy' });
    expect(outcome).toMatchObject({ status: 'done', imported: 3, load: { method: 'copy', indexesRebuilt: [] } });
    const got = await getMemory('copy', tricky.key);
    expect(got).toMatchObject({ value: tricky.value, tags: tricky.tags, metadata: tricky.metadata });
    got.embedding!.forEach((x, i) => expect(x).toBeCloseTo(tricky.embedding[i], 6));
    expect(await getMemory('copy', 'plain')).toMatchObject({ tags: [], metadata: {}, embedding: null });
    expect(await getMemory('copy', 'empty')).toMatchObject({ tags: [], metadata: {}, embedding: null });
    // The same file again: every key exists, so the rows go through the staging table's upsert, intact.
    const again = await importText(actor, jsonl([{ ...tricky, value: `${tricky.value} again` }]), 'jsonl', { namespace: 'copy' });
    expect(again).toMatchObject({ status: 'done', imported: 1 });
    const updated = await getMemory('copy', tricky.key);
    expect(updated).toMatchObject({ value: `${tricky.value} again`, tags: tricky.tags, metadata: tricky.metadata });
    updated.embedding!.forEach((x, i) => expect(x).toBeCloseTo(tricky.embedding[i], 6));
  });

  it('copies a batch straight in only when none of its keys exists; a taken key writes nothing and leaves the transaction usable', async () => {
    const { copyNewMemories } = await import('./copy');
    const { withTransaction } = await import('@/lib/db/pools');
    const entry = (key: string) => ({ namespace: 'direct', key, value: `v ${key}`, embedding: vec(1), tags: [], metadata: {} });
    expect(await withTransaction(projectPool(), (c) => copyNewMemories(c, [entry('a'), entry('b')]))).toBe(true);
    const outcome = await withTransaction(projectPool(), async (c) => {
      const copied = await copyNewMemories(c, [entry('c'), entry('a')]);
      const { rows } = await c.query("SELECT count(*)::int AS n FROM memory_entries WHERE namespace = 'direct'");
      return { copied, n: rows[0].n };
    });
    expect(outcome).toEqual({ copied: false, n: 2 });
  });

  it('upserts on (namespace, key): a re-run updates, moving updated_at, and the counts stay exact', async () => {
    const { importText } = await import('./memory-import');
    const { countMemories, getMemory } = await import('@/lib/memories/memories');
    await importText(actor, many(30, 'up'), 'jsonl', { namespace: 'up', batchSize: 7 });
    const before = await getMemory('up', 'k5');
    await new Promise((r) => setTimeout(r, 20));
    const again = await importText(actor, many(40, 'up', 'changed'), 'jsonl', { namespace: 'up', batchSize: 7 });
    expect(again).toMatchObject({ status: 'done', imported: 40 });
    const after = await getMemory('up', 'k5');
    expect(after.value).toBe('changed 5');
    expect(after.updatedAt!.getTime()).toBeGreaterThan(before.updatedAt!.getTime());
    expect(after.createdAt).toEqual(before.createdAt);
    expect(await countMemories('up')).toBe(40);
    const { rows } = await projectPool().query("SELECT count(*)::int AS n FROM memory_entries WHERE namespace = 'up'");
    expect(rows[0].n).toBe(40);
  });

  it('upserts a batch whose one taken key sits in its middle: the direct COPY stops there and the batch goes the staging way', async () => {
    const { importText } = await import('./memory-import');
    const { countMemories, getMemory } = await import('@/lib/memories/memories');
    await importText(actor, many(30, 'mid').split('\n').slice(20, 21).join('\n'), 'jsonl', { namespace: 'mid' });
    expect(await countMemories('mid')).toBe(1);
    const whole = await importText(actor, many(30, 'mid', 'again'), 'jsonl', { namespace: 'mid' });
    expect(whole).toMatchObject({ status: 'done', imported: 30 });
    expect(await countMemories('mid')).toBe(30);
    expect((await getMemory('mid', 'k20')).value).toBe('again 20');
  });

  it('cancels between whole batches; a batch refused by the database rolls back alone', async () => {
    const { importText } = await import('./memory-import');
    const { countMemories } = await import('@/lib/memories/memories');
    let batches = 0;
    const cancelled = await importText(actor, many(50, 'stop'), 'jsonl', { namespace: 'stop', batchSize: 10 }, {
      onProgress: () => void batches++, shouldStop: () => batches === 2,
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', imported: 20 });
    expect(await countMemories('stop')).toBe(20);
    await projectPool().query(`CREATE FUNCTION refuse_k25() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = 'k25' THEN RAISE EXCEPTION 'refused k25'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON memory_entries FOR EACH ROW EXECUTE FUNCTION refuse_k25()`);
    try {
      await expect(importText(actor, many(50, 'trig'), 'jsonl', { namespace: 'trig', batchSize: 10 })).rejects.toThrow('refused k25');
      expect(await countMemories('trig')).toBe(20);
    } finally {
      await projectPool().query('DROP TRIGGER refuse ON memory_entries; DROP FUNCTION refuse_k25()');
    }
  });

  it('builds the vector index after loading when asked, even when the load fails, and analyzes the table', async () => {
    const { importText } = await import('./memory-import');
    const indexes = async () =>
      (await projectPool().query("SELECT indexrelid::regclass::text AS name, indisvalid AS valid FROM pg_index WHERE indrelid = 'memory_entries'::regclass AND indexrelid::regclass::text = 'idx_memory_embedding'")).rows;
    const outcome = await importText(actor, many(300, 'rebuild'), 'jsonl', { namespace: 'rebuild', indexAfter: 'always' });
    expect(outcome).toMatchObject({ status: 'done', imported: 300, load: { method: 'copy', indexesRebuilt: ['idx_memory_embedding'] } });
    expect(outcome.message).toContain('vector index idx_memory_embedding built after loading');
    expect(await indexes()).toEqual([{ name: 'idx_memory_embedding', valid: true }]);
    const { rows } = await projectPool().query("SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'memory_entries'::regclass");
    expect(rows[0].n).toBe((await projectPool().query('SELECT count(*)::float8 AS n FROM memory_entries')).rows[0].n);

    await projectPool().query(`CREATE FUNCTION refuse_k7() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = 'k7' THEN RAISE EXCEPTION 'refused k7'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON memory_entries FOR EACH ROW EXECUTE FUNCTION refuse_k7()`);
    try {
      await expect(importText(actor, many(20, 'broken'), 'jsonl', { namespace: 'broken', indexAfter: 'always' })).rejects.toThrow('refused k7');
    } finally {
      await projectPool().query('DROP TRIGGER refuse ON memory_entries; DROP FUNCTION refuse_k7()');
    }
    expect(await indexes()).toEqual([{ name: 'idx_memory_embedding', valid: true }]);
    // auto keeps the index for a load smaller than the threshold.
    const small = await importText(actor, many(20, 'small'), 'jsonl', { namespace: 'small' });
    expect(small.load?.indexesRebuilt).toEqual([]);
  });
});

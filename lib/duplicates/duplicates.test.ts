// The Duplicates view on the demo data (native PostgreSQL + pgvector): it finds the planted
// near-duplicates through the HNSW index, lists exact duplicates apart, and a merge leaves one entry.
import { describe, expect, it } from 'vitest';
import { projectPool } from '@/lib/db/pools';
import { PLANTED_DUPLICATES, seedDemoData } from '@/lib/seed/demo';
import { findDuplicates, mergeDuplicates } from './duplicates';
import { useNativeProjectDatabase } from '@/lib/testing/native-project';

const actor = { id: null, email: 'admin@dup.test' };

useNativeProjectDatabase('recall_dups', { poolMax: 4, seed: true });

const idOf = async (namespace: string, key: string) =>
  String((await projectPool().query('SELECT id FROM memory_entries WHERE namespace = $1 AND key = $2', [namespace, key])).rows[0].id);

describe('findDuplicates', () => {
  it('finds the planted near-duplicates in a namespace, each cluster with its members side by side', async () => {
    const r = await findDuplicates({ namespace: 'research' });
    expect(r).toMatchObject({ threshold: 0.97, k: 5, index: 'idx_memory_embedding', next: null, iterative: true });
    expect(r.scanned).toBeGreaterThan(200);
    for (const planted of PLANTED_DUPLICATES) {
      const ids = await Promise.all(planted.entries.map((e) => idOf(planted.namespace, e.key)));
      const cluster = r.near.find((c) => c.keys.includes(ids[0]));
      expect(cluster, `cluster of ${planted.entries[0].key}`).toBeDefined();
      expect([...cluster!.keys].sort()).toEqual([...ids].sort());
      expect(cluster!.minSimilarity).toBeGreaterThanOrEqual(0.97);
      const first = cluster!.members.find((m) => m.key === ids[0])!;
      expect(first).toMatchObject({ value: planted.entries[0].value, tags: planted.entries[0].tags, namespace: 'research' });
      expect(first.metadata).toMatchObject(planted.entries[0].metadata);
      expect(first.createdAt).toMatch(/^\d{4}-/);
    }
    // Exact duplicates are listed apart, and never as near-duplicate pairs.
    for (const g of r.exact) {
      expect(g.count).toBeGreaterThan(1);
      expect(new Set(g.members.map((m) => m.value)).size).toBe(1);
    }
    const exactPairs = new Set(r.exact.flatMap((g) => g.keys.flatMap((a) => g.keys.map((b) => `${a}/${b}`))));
    expect(r.near.flatMap((c) => c.pairs).filter((p) => exactPairs.has(`${p.a}/${p.b}`))).toEqual([]);
  });

  it('uses the HNSW index for each row\'s neighbours (a LATERAL index scan, not a scan of every pair)', async () => {
    const c = await projectPool().connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL hnsw.ef_search = 40');
      const { rows } = await c.query(`EXPLAIN (FORMAT JSON)
        SELECT a.id, n.id FROM (SELECT id, embedding FROM memory_entries WHERE embedding IS NOT NULL ORDER BY id LIMIT 200) a
        LEFT JOIN LATERAL (SELECT m.id FROM memory_entries m WHERE m.id <> a.id ORDER BY m.embedding <=> a.embedding LIMIT 5) n ON true`);
      await c.query('ROLLBACK');
      expect(JSON.stringify(rows[0]['QUERY PLAN'])).toContain('"Index Name":"idx_memory_embedding"');
    } finally {
      c.release();
    }
  });

  it('pages through a collection with a limit and continues after the last key', async () => {
    const first = await findDuplicates({ limit: 300 });
    expect(first.scanned).toBe(300);
    expect(first.next).not.toBeNull();
    const second = await findDuplicates({ limit: 300, after: first.next });
    expect(second.scanned).toBe(300);
    expect(Number(second.next)).toBeGreaterThan(Number(first.next));
  });

  it('refuses bad input with the field and the rule', async () => {
    await expect(findDuplicates({ threshold: 2 })).rejects.toThrow('threshold: must be between 0.5 and 1');
    await expect(findDuplicates({ k: 0 })).rejects.toThrow('k: must be between 1 and 50');
    await expect(findDuplicates({ collection: 'public.nope.embedding' })).rejects.toThrow('collection: no vector column "public.nope.embedding"');
    await expect(findDuplicates({ collection: 'public.content_vectors.vector', namespace: 'docs' })).rejects.toThrow('namespace: public.content_vectors.vector has no namespace column');
  });
});

describe('mergeDuplicates', () => {
  it('counts first (dry run), then keeps exactly one entry with the union of tags and the merged metadata, audited', async () => {
    const planted = PLANTED_DUPLICATES[0];
    const [keep, ...remove] = await Promise.all(planted.entries.map((e) => idOf(planted.namespace, e.key)));
    const before = (await projectPool().query("SELECT count(*)::int AS n FROM memory_entries WHERE namespace = 'research'")).rows[0].n;

    const dry = await mergeDuplicates(actor, { keep, remove, merge_tags: true, merge_metadata: true });
    expect(dry).toMatchObject({ dryRun: true, deleted: 2, metadataKeysAdded: ['owner'] });
    expect([...dry.tagsAdded].sort()).toEqual(['benchmark', 'evaluation']);
    expect((await projectPool().query("SELECT count(*)::int AS n FROM memory_entries WHERE namespace = 'research'")).rows[0].n).toBe(before);

    await expect(mergeDuplicates(actor, { keep, remove, merge_tags: true, dry_run: false })).rejects.toThrow('expect_count: run a dry run first and pass its count');
    await expect(mergeDuplicates(actor, { keep, remove, dry_run: false, expect_count: 3 })).rejects.toThrow(/^expect_count: the dry run counted 3 entries to delete, but 2 are there now; nothing was changed/);

    const done = await mergeDuplicates(actor, { keep, remove, merge_tags: true, merge_metadata: true, dry_run: false, expect_count: dry.deleted });
    expect(done).toMatchObject({ dryRun: false, deleted: 2 });
    const { rows } = await projectPool().query('SELECT key, tags, metadata FROM memory_entries WHERE id = ANY($1::int[]) ', [[keep, ...remove]]);
    expect(rows).toHaveLength(1);
    expect(rows[0].key).toBe('note_245');
    const union = [...new Set(planted.entries.flatMap((e) => e.tags))];
    expect([...rows[0].tags].sort()).toEqual(union.sort());
    expect(rows[0].metadata).toEqual({ source: 'team-notes', reviewed: true, owner: 'ines' });
    expect((await projectPool().query("SELECT count(*)::int AS n FROM memory_entries WHERE namespace = 'research'")).rows[0].n).toBe(before - 2);

    const audit = await projectPool().query("SELECT actor_email, target, details FROM recall.audit_log WHERE action = 'duplicates.merge'");
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor_email: 'admin@dup.test', target: `public.memory_entries.embedding ${keep}`, details: { metadataKeysAdded: ['owner'] } });
    expect([...audit.rows[0].details.deleted].sort()).toEqual([...remove].sort());
    expect([...audit.rows[0].details.tagsAdded].sort()).toEqual(['benchmark', 'evaluation']);

    // The view no longer lists the cluster; the second planted one is still there.
    const after = await findDuplicates({ namespace: 'research' });
    expect(after.near.some((c) => c.keys.includes(keep))).toBe(false);
    const other = await idOf('research', PLANTED_DUPLICATES[1].entries[0].key);
    expect(after.near.some((c) => c.keys.includes(other))).toBe(true);
  });

  it('refuses a merge that would delete the kept entry, or names a missing one', async () => {
    await expect(mergeDuplicates(actor, { keep: '1', remove: ['1'] })).rejects.toThrow('remove: must not include the entry to keep');
    await expect(mergeDuplicates(actor, { keep: '1', remove: [] })).rejects.toThrow('remove: name at least one entry to delete');
    await expect(mergeDuplicates(actor, { keep: '99999999', remove: ['1'] })).rejects.toThrow('keep: no entry "99999999"');
  });
});

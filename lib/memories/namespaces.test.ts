import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { ValidationError } from '@/lib/errors';
import { listMemories, PAGE_SIZE } from '@/lib/memories/memories';
import { isSeeded, seedDemoData } from '@/lib/seed/demo';
import { findNamespaces, listNamespaces, NAMESPACE_PAGE_SIZE } from './namespaces';
import { tableCounts } from '@/lib/overview/overview';

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase({ seed: true });
});
afterAll(async () => stopTestDatabase(engine));

describe('demo data', () => {
  it('loads once: a second run adds nothing', async () => {
    expect(await isSeeded(projectPool())).toBe(true);
    const before = await tableCounts();
    expect(await seedDemoData(projectPool())).toBeNull();
    expect(await tableCounts()).toEqual(before);
  });

  it('fills every seed table', async () => {
    const counts = await tableCounts();
    const empty = counts.filter((t) => t.schema !== 'recall' && t.rows === 0).map((t) => t.table);
    expect(empty).toEqual([]);
    expect(counts.find((t) => t.table === 'memory_entries')?.rows).toBeGreaterThanOrEqual(2000);
  });
});

describe('namespaces', () => {
  it('counts entries, embeddings and last update per namespace as SQL does', async () => {
    const list = await listNamespaces();
    const { rows } = await projectPool().query(
      'SELECT namespace, count(*)::int AS n, count(embedding)::int AS e FROM memory_entries GROUP BY 1 ORDER BY 1',
    );
    expect(list.map((n) => [n.namespace, n.entries, n.withEmbedding])).toEqual(rows.map((r) => [r.namespace, r.n, r.e]));
    expect(list.some((n) => n.withEmbedding < n.entries)).toBe(true);
    expect(list.every((n) => n.lastUpdated instanceof Date)).toBe(true);
  });

  it('pages a namespace 50 at a time, newest first, without overlap', async () => {
    const p1 = await listMemories({ namespace: 'docs', page: '1' });
    const p2 = await listMemories({ namespace: 'docs', page: 2 });
    expect(p1.entries).toHaveLength(PAGE_SIZE);
    expect(p1.pages).toBe(Math.ceil(p1.total / PAGE_SIZE));
    const keys1 = new Set(p1.entries.map((e) => e.key));
    expect(p2.entries.some((e) => keys1.has(e.key))).toBe(false);
    const times = [...p1.entries, ...p2.entries].map((e) => e.createdAt!.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const last = await listMemories({ namespace: 'docs', page: p1.pages });
    expect(last.entries.length).toBe(p1.total - (p1.pages - 1) * PAGE_SIZE);
  });

  it('names the rule for a bad page; an unknown namespace is empty', async () => {
    await expect(listMemories({ namespace: 'docs', page: '0' })).rejects.toThrow(new ValidationError('page', 'must be 1 or more'));
    await expect(listMemories({ namespace: 'docs', page: 'two' })).rejects.toThrow('page: must be a whole number');
    await expect(listMemories({ namespace: '', page: 1 })).rejects.toThrow('namespace: must not be empty');
    expect((await listMemories({ namespace: 'no_such_namespace' })).total).toBe(0);
  });
});

describe('maintained namespace counts', () => {
  const exact = async () =>
    (await projectPool().query('SELECT namespace, count(*)::int AS n, count(embedding)::int AS e FROM memory_entries GROUP BY 1 ORDER BY 1')).rows
      .map((r) => [r.namespace, r.n, r.e]);
  const listed = async () => (await listNamespaces()).map((n) => [n.namespace, n.entries, n.withEmbedding]);

  it('follow inserts, upserts, vector changes, moves between namespaces and deletes', async () => {
    const db = projectPool();
    await db.query(`INSERT INTO memory_entries (namespace, key, value) SELECT 'counted', 'k' || g, 'v' FROM generate_series(1, 40) g`);
    await db.query(`INSERT INTO memory_entries (namespace, key, value) SELECT 'counted', 'k' || g, 'again' FROM generate_series(31, 60) g
                    ON CONFLICT (namespace, key) DO UPDATE SET value = EXCLUDED.value`);
    await db.query(`UPDATE memory_entries SET embedding = (SELECT array_agg(0.5)::vector FROM generate_series(1, 384)) WHERE namespace = 'counted' AND key LIKE 'k1%'`);
    await db.query(`UPDATE memory_entries SET namespace = 'counted_moved' WHERE namespace = 'counted' AND key LIKE 'k2%'`);
    await db.query(`DELETE FROM memory_entries WHERE namespace = 'counted' AND key LIKE 'k5%'`);
    expect(await listed()).toEqual(await exact());
    const counted = (await listNamespaces()).find((n) => n.namespace === 'counted')!;
    expect(counted.entries).toBe(60 - 11 - 11);
    expect(counted.withEmbedding).toBe(11);
    await db.query(`DELETE FROM memory_entries WHERE namespace = 'counted_moved'`);
    expect((await listNamespaces()).some((n) => n.namespace === 'counted_moved')).toBe(false);
    expect(await listed()).toEqual(await exact());
  });

  it('an unfiltered page reports the maintained count; a filtered one counts its matches', async () => {
    const all = await listMemories({ namespace: 'counted' });
    expect(all.total).toBe(38);
    const some = await listMemories({ namespace: 'counted', text: 'again' });
    expect(some.total).toBe((await projectPool().query("SELECT count(*)::int AS n FROM memory_entries WHERE namespace = 'counted' AND value = 'again'")).rows[0].n);
    const oldest = await listMemories({ namespace: 'counted', sort: 'oldest', pageSize: 100 });
    const newest = await listMemories({ namespace: 'counted', sort: 'newest', pageSize: 100 });
    expect(oldest.entries.map((e) => e.id)).toEqual(newest.entries.map((e) => e.id).reverse());
  });

  it('filter by a part or the start of the name, case-insensitively, in keyset pages both ways', async () => {
    await projectPool().query(`INSERT INTO memory_entries (namespace, key, value)
      SELECT 'fltr_' || lpad(g::text, 3, '0'), 'k', 'v' FROM generate_series(0, 119) g
      UNION ALL VALUES ('X-FLTR-upper', 'k', 'v'), ('fl%tr', 'k', 'v')`);
    const names = (p: { namespaces: { namespace: string }[] }) => p.namespaces.map((n) => n.namespace);
    const expected = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `fltr_${String(from + i).padStart(3, '0')}`);

    const first = await findNamespaces({ q: 'fltr_', match: 'prefix' });
    expect(NAMESPACE_PAGE_SIZE).toBe(50);
    expect(first.matching).toBe(120);
    expect(names(first)).toEqual(expected(0, 49));
    expect([first.before, first.after]).toEqual([null, 'fltr_049']);
    const second = await findNamespaces({ q: 'fltr_', match: 'prefix', after: first.after });
    expect(names(second)).toEqual(expected(50, 99));
    expect([second.before, second.after]).toEqual(['fltr_050', 'fltr_099']);
    const third = await findNamespaces({ q: 'fltr_', match: 'prefix', after: second.after });
    expect(names(third)).toEqual(expected(100, 119));
    expect(third.after).toBeNull();
    const back = await findNamespaces({ q: 'fltr_', match: 'prefix', before: third.before });
    expect(names(back)).toEqual(expected(50, 99));
    expect([back.before, back.after]).toEqual(['fltr_050', 'fltr_099']);
    expect((await findNamespaces({ q: 'fltr_', match: 'prefix', before: back.before })).before).toBeNull();

    // "contains" is the default and ignores case; % and _ are characters, not wildcards.
    const contains = await findNamespaces({ q: 'FLTR' });
    expect(contains.matching).toBe(121);
    expect((await findNamespaces({ q: 'fltr', match: 'prefix' })).matching).toBe(120);
    expect(names(await findNamespaces({ q: '%' }))).toEqual(['fl%tr']);
    const none = await findNamespaces({ q: 'no such name' });
    expect([none.matching, none.namespaces]).toEqual([0, []]);
    // An empty filter is no filter: every namespace, counted from the summary.
    expect((await findNamespaces({ q: '' })).matching).toBe((await listNamespaces()).length);
    await expect(findNamespaces({ q: 'x', match: 'regex' })).rejects.toThrow('match: must be contains or prefix');
    await expect(findNamespaces({ q: 'x'.repeat(256) })).rejects.toThrow('q: at most 255 characters');
  });

  it('are emptied by TRUNCATE', async () => {
    await projectPool().query('TRUNCATE memory_entries');
    expect(await listNamespaces()).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { ValidationError } from '@/lib/errors';
import { listMemories, PAGE_SIZE } from '@/lib/memories/memories';
import { isSeeded, seedDemoData } from '@/lib/seed/demo';
import { listNamespaces } from './namespaces';
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

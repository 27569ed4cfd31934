// The console's reads on a real PostgreSQL 15 + pgvector server with enough rows that the planner
// prefers indexes: each read's SQL is captured as the console runs it and EXPLAINed, and the plan
// must not read memory_entries from end to end. Plan shapes, not times (times are in bench:scale).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { probeNativeServer, skipNotice } from '@/lib/testing/database';
import { projectPool } from '@/lib/db/pools';
import { useNativeProjectDatabase } from '@/lib/testing/native-project';

const skip = skipNotice('index-backed reads (plans)', (await probeNativeServer()).missingVector);
// Over EXACT_COUNT_LIMIT, so counts become estimates; 20 namespaces of 5,500 entries.
const ROWS = 110_000;
const WITH_VECTORS = 300;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Plan Rows'?: number;
  Output?: string[];
  Plans?: PlanNode[];
}
const flatten = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(flatten)];

/** Runs fn, recording the SELECTs it sends to the project pool, and returns each with its plan's nodes. */
async function plansOf(fn: () => Promise<unknown>, explain = 'FORMAT JSON') {
  const pool = projectPool();
  const original = pool.query.bind(pool) as (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  const seen: { sql: string; params?: unknown[] }[] = [];
  const spy = vi.spyOn(pool, 'query').mockImplementation(((sql: string | { text: string }, params?: unknown[]) => {
    seen.push({ sql: typeof sql === 'string' ? sql : sql.text, params });
    return original(typeof sql === 'string' ? sql : sql.text, params);
  }) as never);
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  const plans: { sql: string; nodes: PlanNode[] }[] = [];
  for (const q of seen.filter((s) => /^\s*(SELECT|WITH)\b/i.test(s.sql) && /memory_entries|namespace_stats|memory_daily_writes|\btasks\b/.test(s.sql))) {
    const { rows } = await original(`EXPLAIN (${explain}) ${q.sql}`, q.params);
    plans.push({ sql: q.sql, nodes: flatten((rows[0]['QUERY PLAN'] as { Plan: PlanNode }[])[0].Plan) });
  }
  expect(plans.length).toBeGreaterThan(0);
  return plans;
}

const seqScansOn = (plans: { nodes: PlanNode[] }[], table: string) =>
  plans.flatMap((p) => p.nodes).filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === table);
const indexesUsed = (plans: { nodes: PlanNode[] }[]) => new Set(plans.flatMap((p) => p.nodes).map((n) => n['Index Name']).filter(Boolean));

describe.skipIf(skip)('index-backed reads at 110k rows on PostgreSQL 15 + pgvector', () => {
  useNativeProjectDatabase('recall_plans', { poolMax: 10 });
  beforeAll(async () => {
    // generate_series in SQL: fast. A few rows get vectors (HNSW inserts are the slow part).
    await projectPool().query(
      `INSERT INTO memory_entries (namespace, key, value, tags, created_at, updated_at, embedding)
       SELECT 'ns' || (g % 20), 'k' || g, 'value ' || g, ARRAY['t' || (g % 7)],
              LOCALTIMESTAMP - make_interval(secs => g * 20), LOCALTIMESTAMP - make_interval(secs => g * 20),
              CASE WHEN g <= $2 THEN (SELECT array_agg(sin(g + i))::vector FROM generate_series(1, 384) i) END
       FROM generate_series(1, $1) g`,
      [ROWS, WITH_VECTORS],
    );
    await projectPool().query('VACUUM ANALYZE memory_entries');
  }, 180_000);

  it('namespace list: the maintained counts, exact, without reading memory_entries', async () => {
    const { listNamespaces } = await import('@/lib/memories/namespaces');
    let list: Awaited<ReturnType<typeof listNamespaces>> = [];
    const plans = await plansOf(async () => (list = await listNamespaces()));
    expect(seqScansOn(plans, 'memory_entries')).toEqual([]);
    expect(plans.flatMap((p) => p.nodes).some((n) => n['Relation Name'] === 'memory_entries')).toBe(false);
    const { rows } = await projectPool().query('SELECT namespace, count(*)::int AS n, count(embedding)::int AS e FROM memory_entries GROUP BY 1 ORDER BY 1');
    expect(list.map((n) => [n.namespace, n.entries, n.withEmbedding])).toEqual(rows.map((r) => [r.namespace, r.n, r.e]));
    const { findNamespaces } = await import('@/lib/memories/namespaces');
    const filtered = await plansOf(() => findNamespaces({ q: 'ns1', after: 'ns10' }));
    expect(filtered.flatMap((p) => p.nodes).some((n) => n['Relation Name'] === 'memory_entries')).toBe(false);
  });

  it('namespace entry page (newest, oldest and updated, deep page): the sort\'s index, no sort of the namespace', async () => {
    const { listMemories } = await import('@/lib/memories/memories');
    const sortIndex = { newest: 'idx_memory_ns_created', oldest: 'idx_memory_ns_created', updated: 'idx_memory_ns_updated' } as const;
    for (const sort of ['newest', 'oldest', 'updated'] as const) {
      let page: Awaited<ReturnType<typeof listMemories>> | null = null;
      const plans = await plansOf(async () => (page = await listMemories({ namespace: 'ns3', page: 100, sort })));
      expect(seqScansOn(plans, 'memory_entries')).toEqual([]);
      expect(indexesUsed(plans)).toContain(sortIndex[sort]);
      // The page's ids come off the index in order: only the page's 50 rows are ever sorted.
      for (const sorted of plans.flatMap((p) => p.nodes).filter((n) => n['Node Type'] === 'Sort')) expect(sorted['Plan Rows'] ?? 0).toBeLessThanOrEqual(50);
      expect(page!.total).toBe(ROWS / 20);
      expect(page!.entries).toHaveLength(50);
    }
  });

  it('entry lookup and "more like this": the primary key in its own type', async () => {
    const { getCollection, MEMORY_COLLECTION } = await import('@/lib/collections/catalog');
    const { collectionRow } = await import('@/lib/collections/collections');
    const { searchCollection } = await import('@/lib/search/search');
    const collection = await getCollection(projectPool(), MEMORY_COLLECTION);
    const rowPlans = await plansOf(() => collectionRow(collection, '1234'));
    expect(seqScansOn(rowPlans, 'memory_entries')).toEqual([]);
    expect(indexesUsed(rowPlans)).toContain('memory_entries_pkey');
    const likePlans = await plansOf(() => searchCollection({ like: '17', limit: 8, min_similarity: 0 }));
    expect(seqScansOn(likePlans, 'memory_entries')).toEqual([]);
    expect(indexesUsed(likePlans)).toContain('memory_entries_pkey');
    await expect(collectionRow(collection, 'seventeen')).rejects.toThrow('row: must be a value of type integer (the key column id)');
    await expect(searchCollection({ like: '1e99', limit: 8 })).rejects.toThrow('like: must be a value of type integer (the key column id)');
  });

  it('collection rows, a deep page: keys from the primary key index, whole rows only for the page', async () => {
    const { getCollection, MEMORY_COLLECTION } = await import('@/lib/collections/catalog');
    const { browseCollection } = await import('@/lib/collections/collections');
    const collection = await getCollection(projectPool(), MEMORY_COLLECTION);
    let data: Awaited<ReturnType<typeof browseCollection>> | null = null;
    const plans = await plansOf(async () => (data = await browseCollection(collection, 4000)), 'ANALYZE, VERBOSE, FORMAT JSON');
    expect(seqScansOn(plans, 'memory_entries')).toEqual([]);
    expect(indexesUsed(plans)).toContain('memory_entries_pkey');
    // Rows are turned into JSON (and vector norms computed) only for the page, not for the 99,975 skipped.
    const projecting = plans.flatMap((p) => p.nodes).filter((n) => n.Output?.some((o) => /to_jsonb|vector_norm/.test(o)));
    expect(projecting.length).toBeGreaterThan(0);
    for (const n of projecting) expect(n['Actual Rows']! * n['Actual Loops']!).toBeLessThanOrEqual(25);
    expect(data!.rows.map((r) => Number(r.key))).toEqual(Array.from({ length: 25 }, (_, i) => ROWS - 3999 * 25 - i));
  });

  it("Overview: writes per day from the maintained per-day counts, never memory_entries, and the table's count is the estimate", async () => {
    const { writesPerDay } = await import('@/lib/agents/agents');
    const { tableCounts } = await import('@/lib/overview/overview');
    let days: Awaited<ReturnType<typeof writesPerDay>> = [];
    const plans = await plansOf(async () => (days = await writesPerDay(30)));
    const nodes = plans.flatMap((p) => p.nodes);
    expect(nodes.some((n) => n['Relation Name'] === 'memory_entries')).toBe(false);
    expect(nodes.some((n) => n['Relation Name'] === 'memory_daily_writes')).toBe(true);
    // A plan estimated at millions of rows gets JIT-compiled (165 ms at 1M rows): this one is small.
    expect(Math.max(...nodes.map((n) => n['Plan Rows'] ?? 0))).toBeLessThan(100_000);
    const { rows } = await projectPool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM memory_entries WHERE created_at >= date_trunc('day', LOCALTIMESTAMP) - interval '29 days'");
    expect(days).toHaveLength(30);
    expect(days.reduce((a, d) => a + d.created, 0)).toBe(rows[0].n);
    const countPlans = await plansOf(() => tableCounts());
    expect(seqScansOn(countPlans, 'memory_entries')).toEqual([]);
    const memory = (await tableCounts()).find((t) => t.table === 'memory_entries')!;
    expect(memory.estimated).toBe(true);
    expect(Math.abs(memory.rows - ROWS) / ROWS).toBeLessThan(0.05);
  });

  it('swarm charts: tasks entering each state in the window come from the timestamp indexes, never a scan of tasks', async () => {
    // 200,000 tasks over 30 days, a fifth of them finished.
    await projectPool().query(`
      INSERT INTO tasks (id, task_type, status, created_at, updated_at, started_at, completed_at)
      SELECT 'plan-task-' || g, 'bench', CASE WHEN g % 5 = 0 THEN 'completed' ELSE 'pending' END,
             now() - (g % 43200) * interval '1 minute', now() - (g % 43200) * interval '1 minute',
             CASE WHEN g % 2 = 0 THEN now() - (g % 43200) * interval '1 minute' END,
             CASE WHEN g % 5 = 0 THEN now() - (g % 43200) * interval '1 minute' END
      FROM generate_series(1, 200000) g`);
    await projectPool().query('ANALYZE tasks');
    const { swarmCharts } = await import('@/lib/agents/charts');
    let charts: Awaited<ReturnType<typeof swarmCharts>> | undefined;
    const plans = await plansOf(async () => (charts = await swarmCharts({ window: '1h' })));
    expect(seqScansOn(plans, 'tasks')).toEqual([]);
    expect([...indexesUsed(plans)]).toEqual(expect.arrayContaining(['idx_tasks_created', 'idx_tasks_started', 'idx_tasks_finished']));
    const created = charts!.tasks.reduce((n, b) => n + (b.created ?? 0), 0);
    expect(created).toBeGreaterThan(0);
  });

  it('the namespace counts stay exact under concurrent writers on separate sessions', async () => {
    const { listNamespaces } = await import('@/lib/memories/namespaces');
    const writers = Array.from({ length: 8 }, (_, w) => (async () => {
      for (let b = 0; b < 5; b++) {
        await projectPool().query(
          `INSERT INTO memory_entries (namespace, key, value) SELECT 'race' || (g % 3), 'w${w}b${b}-' || g, 'v' FROM generate_series(1, 60) g
           ON CONFLICT (namespace, key) DO UPDATE SET value = 'again'`);
        await projectPool().query(`DELETE FROM memory_entries WHERE namespace = 'race0' AND key LIKE 'w${w}b${b}-%' AND key LIKE '%3'`);
        await projectPool().query(`UPDATE memory_entries SET namespace = 'race1' WHERE namespace = 'race2' AND key LIKE 'w${w}b${b}-1%'`);
      }
    })());
    await Promise.all(writers);
    const { rows } = await projectPool().query("SELECT namespace, count(*)::int AS n FROM memory_entries WHERE namespace LIKE 'race%' GROUP BY 1 ORDER BY 1");
    const list = (await listNamespaces()).filter((n) => n.namespace.startsWith('race'));
    expect(list.map((n) => [n.namespace, n.entries])).toEqual(rows.map((r) => [r.namespace, r.n]));
  });
});

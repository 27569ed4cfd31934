// GET /api/v1/metrics: Prometheus text format. Latency histograms and error counters are this
// instance's since it started (Prometheus sums instances itself); pool gauges are live.
import { LATENCY_BUCKETS_MS } from './histogram';
import type { CumulativeOp } from './recorder';

export interface PoolGauge {
  name: string;
  up: boolean;
  inUse: number;
  idle: number;
  waiting: number;
  max: number;
  /** Read replicas: replay lag in seconds (null: unknown) and whether reads go there. */
  replica?: { lagSeconds: number | null; inRotation: boolean };
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>) => `{${Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`).join(',')}}`;
const num = (n: number) => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : '-Inf');

export function renderPrometheus(input: {
  pools: PoolGauge[];
  operations: Map<string, CumulativeOp>;
  tables: { schema: string; table: string; rows: number }[];
  /** Browser import jobs (in the database, so the same on every instance): rows written, jobs by status. */
  imports?: { rows: { targetKind: string; rows: number }[]; jobs: { status: string; jobs: number }[] };
}): string {
  const out: string[] = [];
  const family = (name: string, type: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

  family('recall_pool_up', 'gauge', '1 when the pool answered SELECT 1, else 0.');
  for (const p of input.pools) out.push(`recall_pool_up${labels({ pool: p.name })} ${p.up ? 1 : 0}`);
  family('recall_pool_connections', 'gauge', 'Connections of each pool by state.');
  for (const p of input.pools) {
    out.push(`recall_pool_connections${labels({ pool: p.name, state: 'in_use' })} ${p.inUse}`);
    out.push(`recall_pool_connections${labels({ pool: p.name, state: 'idle' })} ${p.idle}`);
  }
  family('recall_pool_waiting_clients', 'gauge', 'Clients waiting for a connection.');
  for (const p of input.pools) out.push(`recall_pool_waiting_clients${labels({ pool: p.name })} ${p.waiting}`);
  family('recall_pool_max_connections', 'gauge', 'Configured pool size.');
  for (const p of input.pools) out.push(`recall_pool_max_connections${labels({ pool: p.name })} ${p.max}`);

  const replicas = input.pools.filter((p) => p.replica);
  family('recall_replica_lag_seconds', 'gauge', 'Replay lag of each read replica as it reports it (absent when unknown).');
  for (const p of replicas) if (p.replica!.lagSeconds !== null) out.push(`recall_replica_lag_seconds${labels({ pool: p.name })} ${num(p.replica!.lagSeconds)}`);
  family('recall_replica_in_rotation', 'gauge', '1 when reads go to the replica, 0 when it lags too far or fails.');
  for (const p of replicas) out.push(`recall_replica_in_rotation${labels({ pool: p.name })} ${p.replica!.inRotation ? 1 : 0}`);

  family('recall_query_duration_seconds', 'histogram', 'Query latency by pool and operation.');
  const errors: string[] = [];
  for (const [key, op] of input.operations) {
    const [pool, operation] = key.split('|');
    let cumulative = 0;
    LATENCY_BUCKETS_MS.forEach((bound, i) => {
      cumulative += op.buckets[i];
      const le = Number.isFinite(bound) ? num(bound / 1000) : '+Inf';
      out.push(`recall_query_duration_seconds_bucket${labels({ pool, operation, le })} ${cumulative}`);
    });
    out.push(`recall_query_duration_seconds_sum${labels({ pool, operation })} ${num(op.totalMs / 1000)}`);
    out.push(`recall_query_duration_seconds_count${labels({ pool, operation })} ${op.calls}`);
    errors.push(`recall_query_errors_total${labels({ pool, operation })} ${op.errors}`);
  }
  family('recall_query_errors_total', 'counter', 'Queries that failed, by pool and operation.');
  out.push(...errors);

  family('recall_table_rows', 'gauge', 'Live rows per table (planner statistics).');
  for (const t of input.tables) out.push(`recall_table_rows${labels({ schema: t.schema, table: t.table })} ${t.rows}`);

  if (input.imports) {
    family('recall_import_rows_total', 'counter', 'Rows written by browser import jobs, all instances together (read from recall.import_jobs).');
    for (const r of input.imports.rows) out.push(`recall_import_rows_total${labels({ target_kind: r.targetKind })} ${r.rows}`);
    family('recall_import_jobs', 'gauge', 'Browser import jobs by status, all instances together.');
    for (const j of input.imports.jobs) out.push(`recall_import_jobs${labels({ status: j.status })} ${j.jobs}`);
  }
  return out.join('\n') + '\n';
}

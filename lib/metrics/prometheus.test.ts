import { describe, expect, it } from 'vitest';
import { emptyBuckets, bucketIndex } from './histogram';
import { renderPrometheus } from './prometheus';

/** A small parser of the text exposition format: enough to read our own output back. */
function parse(text: string) {
  const samples: { name: string; labels: Record<string, string>; value: number }[] = [];
  const types: Record<string, string> = {};
  for (const line of text.trim().split('\n')) {
    if (line.startsWith('# TYPE ')) {
      const [, , name, type] = line.split(' ');
      types[name] = type;
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = line.match(/^([a-z_:][a-z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
    if (!m) throw new Error(`bad line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    samples.push({ name: m[1], labels, value: m[3] === '+Inf' ? Infinity : Number(m[3]) });
  }
  return { samples, types };
}

describe('Prometheus output', () => {
  const buckets = emptyBuckets();
  [0.3, 4, 4, 12, 700].forEach((ms) => buckets[bucketIndex(ms)]++);
  const text = renderPrometheus({
    pools: [
      { name: 'project', up: true, inUse: 2, idle: 3, waiting: 1, max: 10 },
      { name: 'replica-1', up: true, inUse: 0, idle: 1, waiting: 0, max: 4, replica: { lagSeconds: 0.25, inRotation: true } },
      { name: 'replica-2', up: false, inUse: 0, idle: 0, waiting: 0, max: 4, replica: { lagSeconds: null, inRotation: false } },
    ],
    operations: new Map([['project|memory.search', { calls: 5, errors: 1, totalMs: 720.3, buckets }]]),
    tables: [{ schema: 'public', table: 'memory_"entries"', rows: 3000 }],
    imports: { rows: [{ targetKind: 'namespace', rows: 1200 }], jobs: [{ status: 'running', jobs: 1 }] },
  });
  const { samples, types } = parse(text);
  const get = (name: string, labels: Record<string, string> = {}) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

  it('declares every family with its type', () => {
    expect(types).toEqual({
      recall_pool_up: 'gauge', recall_pool_connections: 'gauge', recall_pool_waiting_clients: 'gauge',
      recall_pool_max_connections: 'gauge', recall_query_duration_seconds: 'histogram', recall_query_errors_total: 'counter', recall_table_rows: 'gauge',
      recall_replica_lag_seconds: 'gauge', recall_replica_in_rotation: 'gauge', recall_import_rows_total: 'counter', recall_import_jobs: 'gauge',
    });
  });

  it('reads the pool gauges back', () => {
    expect(get('recall_pool_up', { pool: 'project' })).toBe(1);
    expect(get('recall_pool_connections', { pool: 'project', state: 'in_use' })).toBe(2);
    expect(get('recall_pool_waiting_clients', { pool: 'project' })).toBe(1);
  });

  it('writes cumulative histogram buckets in seconds that end at the count', () => {
    const op = { pool: 'project', operation: 'memory.search' };
    expect(get('recall_query_duration_seconds_bucket', { ...op, le: '0.0005' })).toBe(1);
    expect(get('recall_query_duration_seconds_bucket', { ...op, le: '0.005' })).toBe(3);
    expect(get('recall_query_duration_seconds_bucket', { ...op, le: '0.02' })).toBe(4);
    expect(get('recall_query_duration_seconds_bucket', { ...op, le: '+Inf' })).toBe(5);
    expect(get('recall_query_duration_seconds_count', op)).toBe(5);
    expect(get('recall_query_duration_seconds_sum', op)).toBeCloseTo(0.7203, 6);
    expect(get('recall_query_errors_total', op)).toBe(1);
    const le = samples.filter((s) => s.name === 'recall_query_duration_seconds_bucket').map((s) => s.value);
    expect(le).toEqual([...le].sort((a, b) => a - b));
  });

  it('gives each replica its lag (none when unknown) and whether it is in rotation; import totals', () => {
    expect(get('recall_replica_lag_seconds', { pool: 'replica-1' })).toBe(0.25);
    expect(get('recall_replica_lag_seconds', { pool: 'replica-2' })).toBeUndefined();
    expect(get('recall_replica_in_rotation', { pool: 'replica-1' })).toBe(1);
    expect(get('recall_replica_in_rotation', { pool: 'replica-2' })).toBe(0);
    expect(get('recall_replica_lag_seconds', { pool: 'project' })).toBeUndefined();
    expect(get('recall_import_rows_total', { target_kind: 'namespace' })).toBe(1200);
    expect(get('recall_import_jobs', { status: 'running' })).toBe(1);
  });

  it('escapes label values', () => {
    expect(get('recall_table_rows', { table: 'memory_"entries"' })).toBe(3000);
  });
});

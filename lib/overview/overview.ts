// The Overview page: which engine, which versions, how big, how many rows where.
import { engineKind, projectPoolSettings, redactUrl } from '@/lib/config';
import { projectPool } from '@/lib/db/pools';
import { serverInfo } from '@/lib/db/preflight';
import { traced } from '@/lib/metrics/recorder';
import { EXACT_COUNT_LIMIT } from '@/lib/db/sql';
import { readDb } from '@/lib/db/replicas';

export interface TableCount {
  schema: string;
  table: string;
  rows: number;
  /** True when the count is the planner's estimate (large tables), not count(*). */
  estimated: boolean;
  bytes: number;
}


export const engineSummary = traced('overview.engine', async function engineSummary() {
  const pool = projectPool();
  const [info, size] = await Promise.all([
    serverInfo(pool),
    pool.query<{ bytes: string }>('SELECT pg_database_size(current_database())::text AS bytes'),
  ]);
  const kind = engineKind();
  const url = projectPoolSettings()?.connectionString ?? '';
  return {
    kind,
    location: kind === 'embedded' ? `PGlite, data in ${process.env.RECALL_DATA_DIR ?? '.recall'}` : redactUrl(url),
    postgres: info.serverVersion,
    pgvector: info.pgvectorInstalled,
    databaseBytes: Number(size.rows[0].bytes),
  };
});

export const tableCounts = traced('overview.tables', async function tableCounts(): Promise<TableCount[]> {
  const pool = readDb();
  const { rows } = await pool.query<{ schema: string; table: string; estimate: string; bytes: string }>(`
    SELECT n.nspname AS schema, c.relname AS table,
           GREATEST(c.reltuples, 0)::bigint::text AS estimate,
           pg_total_relation_size(c.oid)::text AS bytes
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p')
      AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      AND NOT (n.nspname = 'recall' AND c.relname = 'schema_migrations')
    ORDER BY n.nspname = 'recall', n.nspname, c.relname`);
  // Small tables are counted exactly, side by side on the pool's connections; large ones are estimated.
  const counts = await Promise.all(rows.map(async (r): Promise<TableCount> => {
    const estimate = Number(r.estimate);
    if (estimate > EXACT_COUNT_LIMIT) return { schema: r.schema, table: r.table, rows: estimate, estimated: true, bytes: Number(r.bytes) };
    // Identifiers come from the catalogue and are quoted; nothing here comes from a user.
    const ident = `"${r.schema.replaceAll('"', '""')}"."${r.table.replaceAll('"', '""')}"`;
    const exact = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${ident}`);
    return { schema: r.schema, table: r.table, rows: Number(exact.rows[0].n), estimated: false, bytes: Number(r.bytes) };
  }));
  return counts;
});

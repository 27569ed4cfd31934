// What operators check by hand (seeds 001 and 004, PgHero, Supabase's reports): sessions, slow
// queries, table and index statistics; and the maintenance an admin may run from the Health page.
import { z } from 'zod';
import { projectPool, withTransaction } from '@/lib/db/pools';
import { sessionPool } from '@/lib/db/direct';
import { recordAudit, type Actor } from '@/lib/audit';
import { ConflictError, NotFoundError, ValidationError, parseInput } from '@/lib/errors';
import { traced, withOperation } from '@/lib/metrics/recorder';
import { listCollections, quoteIdent } from '@/lib/collections/catalog';

export interface SessionRow {
  pid: number;
  user: string | null;
  application: string | null;
  client: string | null;
  state: string | null;
  waitEvent: string | null;
  seconds: number | null;
  query: string;
}

export const sessions = traced('health.sessions', async function sessions() {
  const { rows } = await projectPool().query(`
    SELECT pid, usename AS user, application_name AS application, client_addr::text AS client, state,
           wait_event_type || coalesce(': ' || wait_event, '') AS wait_event,
           extract(epoch FROM now() - coalesce(query_start, backend_start))::float8 AS seconds, left(query, 500) AS query
    FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type IN ('client backend', 'standalone backend')
    ORDER BY state = 'active' DESC, query_start NULLS LAST`);
  const list: SessionRow[] = rows.map((r) => ({
    pid: r.pid, user: r.user, application: r.application, client: r.client, state: r.state,
    waitEvent: r.wait_event, seconds: r.seconds === null ? null : Number(r.seconds), query: r.query ?? '',
  }));
  const byState: Record<string, number> = {};
  for (const s of list) byState[s.state ?? 'unknown'] = (byState[s.state ?? 'unknown'] ?? 0) + 1;
  const longest = list.filter((s) => s.state === 'active' || s.state?.startsWith('idle in transaction'))
    .sort((a, b) => (b.seconds ?? 0) - (a.seconds ?? 0)).slice(0, 10);
  return { total: list.length, byState, longest, all: list };
});

const pidInput = z.object({ pid: z.coerce.number({ error: 'must be a process id' }).int('must be a process id').positive('must be a process id') });

/** pg_cancel_backend (stop the query) or pg_terminate_backend (close the session); audited. */
export const signalBackend = traced('health.signal_backend', async function signalBackend(actor: Actor, rawPid: unknown, action: 'cancel' | 'terminate') {
  const { pid } = parseInput(pidInput, { pid: rawPid });
  const fn = action === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend';
  return withTransaction(projectPool(), async (client) => {
    const own = await client.query<{ me: number }>('SELECT pg_backend_pid() AS me');
    if (own.rows[0].me === pid) throw new ConflictError('pid: that is the console’s own session');
    const exists = await client.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (!exists.rowCount) throw new NotFoundError(`pid: no session ${pid}`);
    const { rows } = await client.query<{ ok: boolean }>(`SELECT ${fn}($1) AS ok`, [pid]);
    await recordAudit(client, actor, `session.${action}`, String(pid), { ok: rows[0].ok });
    return rows[0].ok;
  });
});

export const statements = traced('health.statements', async function statements() {
  const pool = projectPool();
  // Installed but not in shared_preload_libraries (the usual state on a stock server), the view
  // refuses to answer: ask the setting first, so a known state is not counted as a failing query.
  const { rows: [ready] } = await pool.query<{ ready: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements')
        AND current_setting('shared_preload_libraries') ~ '(^|[\s,])pg_stat_statements($|[\s,])' AS ready`,
  );
  if (!ready?.ready) return { available: false as const, slowest: [], frequent: [] };
  try {
    const cols = `left(query, 300) AS query, calls::float8 AS calls, total_exec_time AS total_ms, mean_exec_time AS mean_ms, max_exec_time AS max_ms, rows::float8 AS rows`;
    const [slowest, frequent] = await Promise.all([
      pool.query(`SELECT ${cols} FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY mean_exec_time DESC LIMIT 10`),
      pool.query(`SELECT ${cols} FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY calls DESC LIMIT 10`),
    ]);
    return { available: true as const, slowest: slowest.rows, frequent: frequent.rows };
  } catch {
    // Preloaded but not answering (a permission, a reset under way): the page says it is not available.
    return { available: false as const, slowest: [], frequent: [] };
  }
});

export const tableStats = traced('health.tables', async function tableStats() {
  const { rows } = await projectPool().query(`
    SELECT s.schemaname AS schema, s.relname AS table, s.n_live_tup::float8 AS rows, s.n_dead_tup::float8 AS dead,
           pg_table_size(s.relid)::float8 AS table_bytes, pg_indexes_size(s.relid)::float8 AS index_bytes,
           coalesce(pg_total_relation_size(c.reltoastrelid), 0)::float8 AS toast_bytes,
           s.seq_scan::float8 AS seq_scans, coalesce(s.idx_scan, 0)::float8 AS idx_scans,
           greatest(s.last_vacuum, s.last_autovacuum) AS last_vacuum, greatest(s.last_analyze, s.last_autoanalyze) AS last_analyze
    FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
    ORDER BY pg_total_relation_size(s.relid) DESC`);
  return rows;
});

export const indexStats = traced('health.indexes', async function indexStats() {
  const pool = projectPool();
  const [{ rows }, collections] = await Promise.all([
    pool.query(`
      SELECT s.schemaname AS schema, s.relname AS table, s.indexrelname AS index, pg_relation_size(s.indexrelid)::float8 AS bytes,
             s.idx_scan::float8 AS scans, am.amname AS method, i.indisunique AS unique, i.indisprimary AS primary
      FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
      JOIN pg_class c ON c.oid = s.indexrelid JOIN pg_am am ON am.oid = c.relam
      ORDER BY pg_relation_size(s.indexrelid) DESC`),
    listCollections(pool, { counts: false }),
  ]);
  const vector = new Map(collections.flatMap((c) => c.indexes.map((i) => [`${c.schema}.${i.name}`, { ...i, collection: c.id }])));
  return rows.map((r) => ({
    ...r,
    // Never scanned, not enforcing uniqueness: a candidate for removal (writes pay for it).
    unused: Number(r.scans) === 0 && !r.unique && !r.primary,
    vector: vector.get(`${r.schema}.${r.index}`) ?? null,
  }));
});

const tableInput = z.object({ table: z.string().min(1, 'must not be empty').max(300, 'at most 300 characters') });

async function resolveTable(raw: unknown) {
  const { table } = parseInput(tableInput, { table: raw });
  const { rows } = await projectPool().query<{ schema: string; name: string }>(
    `SELECT schemaname AS schema, relname AS name FROM pg_stat_user_tables WHERE schemaname || '.' || relname = $1`,
    [table],
  );
  if (!rows[0]) throw new NotFoundError(`table: no table "${table}"`);
  return { ...rows[0], sql: `${quoteIdent(rows[0].schema)}.${quoteIdent(rows[0].name)}` };
}

async function resolveIndex(raw: unknown) {
  const { table: index } = parseInput(tableInput, { table: raw });
  const { rows } = await projectPool().query<{ schema: string; name: string }>(
    `SELECT schemaname AS schema, indexrelname AS name FROM pg_stat_user_indexes WHERE schemaname || '.' || indexrelname = $1`,
    [index],
  );
  if (!rows[0]) throw new ValidationError('index', `no index "${index}"`);
  return { ...rows[0], sql: `${quoteIdent(rows[0].schema)}.${quoteIdent(rows[0].name)}` };
}

/**
 * VACUUM ANALYZE or REINDEX, run on a connection of its own with no statement timeout (they are
 * meant to take long). REINDEX is CONCURRENTLY where the server allows it. Progress can be read
 * meanwhile from pg_stat_progress_* (see maintenanceProgress).
 */
export async function runMaintenance(actor: Actor, kind: 'vacuum' | 'reindex', target: unknown) {
  return withOperation(`maintenance.${kind}`, async () => {
    const t = kind === 'vacuum' ? await resolveTable(target) : await resolveIndex(target);
    // Its SET holds for the session, so it runs past any transaction pooler (DIRECT_DATABASE_URL).
    const client = await sessionPool().connect();
    const started = performance.now();
    let concurrently = false;
    try {
      await client.query('SET statement_timeout = 0');
      if (kind === 'vacuum') {
        await client.query(`VACUUM (ANALYZE) ${t.sql}`);
      } else {
        try {
          await client.query(`REINDEX INDEX CONCURRENTLY ${t.sql}`);
          concurrently = true;
        } catch {
          await client.query(`REINDEX INDEX ${t.sql}`);
        }
      }
      await recordAudit(client, actor, `maintenance.${kind}`, `${t.schema}.${t.name}`, { seconds: (performance.now() - started) / 1000, concurrently });
    } finally {
      await client.query('RESET statement_timeout').catch(() => {});
      client.release();
    }
    return { target: `${t.schema}.${t.name}`, seconds: (performance.now() - started) / 1000, concurrently };
  });
}

export const maintenanceProgress = traced('health.progress', async function maintenanceProgress() {
  const pool = projectPool();
  const [vacuum, index] = await Promise.all([
    pool.query(`SELECT p.pid, p.relid::regclass::text AS target, p.phase, p.heap_blks_total::float8 AS total, p.heap_blks_scanned::float8 AS done
                FROM pg_stat_progress_vacuum p`).catch(() => ({ rows: [] })),
    pool.query(`SELECT p.pid, p.relid::regclass::text AS target, p.index_relid::regclass::text AS index, p.phase,
                       coalesce(nullif(p.blocks_total, 0), p.tuples_total)::float8 AS total, coalesce(nullif(p.blocks_done, 0), p.tuples_done)::float8 AS done
                FROM pg_stat_progress_create_index p`).catch(() => ({ rows: [] })),
  ]);
  return [
    ...vacuum.rows.map((r) => ({ kind: 'vacuum', ...r })),
    ...index.rows.map((r) => ({ kind: 'reindex', ...r })),
  ] as { kind: string; pid: number; target: string; phase: string; total: number; done: number }[];
});

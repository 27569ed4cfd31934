// Read replicas (REPLICA_DATABASE_URL): read-only work goes to a replica in rotation, everything else
// to the primary; a caller who wrote lately reads a replica only once it has replayed that write
// (read-floor.ts). Each instance measures its replicas' lag every REPLICA_CHECK_INTERVAL_MS; one that
// lags beyond REPLICA_MAX_LAG_MS or fails leaves the rotation until a check finds it well again, and a
// read that meets a dead replica between two checks is run again on the primary, so users never see it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { z } from 'zod';
import { redactUrl, replicaCheckIntervalMs, replicaMaxLagMs, replicaPoolSettings } from '@/lib/config';
import { parseInput } from '@/lib/errors';
import { createPool, projectPool, withTransaction, type InstrumentedPool, type TransactionOptions, type Queryable } from './pools';
import { floorOf, parseLsn } from './read-floor';

export type Consistency = 'replica' | 'primary';

/** `?consistency=primary` or the `X-Recall-Consistency: primary` header: read this request from the primary. */
export const consistencyField = z.enum(['replica', 'primary'], { error: 'must be replica or primary' });

/** How this request's reads are routed: as asked, and no older than the caller's own last write. */
interface ReadScope {
  consistency?: Consistency;
  principal?: string | null;
  floor?: Promise<bigint | null>;
}

const readScope = new AsyncLocalStorage<ReadScope>();

/** Runs fn with reads routed as asked; `primary` for what must read its own (or anyone's latest) write. */
export async function withConsistency<T>(consistency: unknown, fn: () => Promise<T>): Promise<T> {
  if (consistency === undefined || consistency === null || consistency === '') return fn();
  const c = parseInput(z.object({ consistency: consistencyField }), { consistency }).consistency;
  return readScope.run({ ...readScope.getStore(), consistency: c }, fn);
}

/**
 * Runs fn as `principal` ('user:<id>', 'token:<id>'): its reads see its own latest write (read-floor.ts).
 * Route handlers and server actions enter it; pages find their reader through setPageReadFloor.
 */
export async function withCaller<T>(principal: string | null, fn: () => Promise<T>): Promise<T> {
  return readScope.run({ ...readScope.getStore(), principal, floor: undefined }, fn);
}

const globalForPages = globalThis as unknown as { __recallPageReadFloor?: () => Promise<bigint | null> };

/** How a read outside withCaller (a page rendering) finds its reader's floor; set by lib/auth, once per request. */
export function setPageReadFloor(resolve: () => Promise<bigint | null>) {
  globalForPages.__recallPageReadFloor = resolve;
}

async function requestFloor(scope: ReadScope | undefined): Promise<bigint | null> {
  if (scope && 'principal' in scope) return (scope.floor ??= floorOf(scope.principal ?? null));
  const resolve = globalForPages.__recallPageReadFloor;
  return resolve ? resolve().catch(() => null) : null;
}

/** The consistency a request asks for: its query parameter, else its header; undefined when neither. */
export function requestedConsistency(req: Request): string | undefined {
  return new URL(req.url).searchParams.get('consistency') ?? req.headers.get('x-recall-consistency') ?? undefined;
}

export interface ReplicaState {
  name: string;
  url: string;
  pool: InstrumentedPool;
  inRotation: boolean;
  /** Replay lag as the replica sees it (0 when it has replayed everything it received). */
  lagMs: number | null;
  /** The WAL position it had replayed at the last check (a caller's own write must be at or before it). */
  replayLsn: bigint | null;
  /** Why it is out of rotation. */
  reason: string | null;
  checkedAt: number | null;
}

interface ReplicaSet {
  replicas: ReplicaState[];
  next: number;
  timer: ReturnType<typeof setInterval> | null;
}

const globalForReplicas = globalThis as unknown as { __recallReplicas?: ReplicaSet };

function replicaSet(): ReplicaSet {
  if (globalForReplicas.__recallReplicas) return globalForReplicas.__recallReplicas;
  const set: ReplicaSet = {
    replicas: replicaPoolSettings().map((s) => ({
      name: s.name, url: redactUrl(s.connectionString), pool: createPool(s),
      // Out until the first check has seen it answer within the lag limit.
      inRotation: false, lagMs: null, replayLsn: null, reason: 'not checked yet', checkedAt: null,
    })),
    next: 0,
    timer: null,
  };
  // A replica going away must not crash the process through a connection that is checked out
  // between two queries: the next query fails, and readDb() answers it from the primary.
  for (const r of set.replicas) r.pool.on('connect', (client) => client.on('error', () => {}));
  globalForReplicas.__recallReplicas = set;
  if (set.replicas.length) {
    void checkReplicas();
    set.timer = setInterval(() => void checkReplicas(), replicaCheckIntervalMs());
    set.timer.unref();
  }
  return set;
}

export const replicas = (): ReplicaState[] => replicaSet().replicas;

const LAG_SQL = `
  SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn()::text AS replay_lsn,
         CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
              ELSE GREATEST(0, EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000) END::float8 AS lag_ms`;

async function checkOne(r: ReplicaState, maxLagMs: number) {
  const timeout = Math.max(1000, Math.min(5000, replicaCheckIntervalMs()));
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const { rows } = await Promise.race([
      r.pool.query<{ recovery: boolean; lag_ms: number | null; replay_lsn: string | null }>(LAG_SQL),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout);
      }),
    ]);
    const lag = rows[0].lag_ms === null ? null : Math.round(rows[0].lag_ms);
    r.lagMs = lag;
    r.replayLsn = rows[0].replay_lsn ? parseLsn(rows[0].replay_lsn) : null;
    if (!rows[0].recovery) {
      r.inRotation = false;
      r.reason = 'not a replica (pg_is_in_recovery() is false): was it promoted?';
    } else if (lag === null || lag > maxLagMs) {
      r.inRotation = false;
      r.reason = lag === null ? 'has not replayed anything yet' : `lags ${lag} ms behind the primary (REPLICA_MAX_LAG_MS=${maxLagMs})`;
    } else {
      r.inRotation = true;
      r.reason = null;
    }
  } catch (err) {
    r.inRotation = false;
    r.lagMs = null;
    r.replayLsn = null;
    r.reason = `unreachable: ${(err as Error).message || 'connection failed'}`;
  } finally {
    clearTimeout(timer);
    r.checkedAt = Date.now();
  }
}

/** Measures every replica's lag now and updates the rotation. */
export async function checkReplicas(): Promise<ReplicaState[]> {
  const set = globalForReplicas.__recallReplicas ?? replicaSet();
  const maxLagMs = replicaMaxLagMs();
  await Promise.all(set.replicas.map((r) => checkOne(r, maxLagMs)));
  return set.replicas;
}

/** The next replica in rotation (round robin) that has replayed past `floor`, or null for the primary. */
function pickReplica(floor: bigint | null = null): ReplicaState | null {
  if (readScope.getStore()?.consistency === 'primary') return null;
  const set = replicaSet();
  const healthy = set.replicas.filter((r) => r.inRotation && (floor === null || (r.replayLsn !== null && r.replayLsn >= floor)));
  if (!healthy.length) return null;
  set.next = (set.next + 1) % healthy.length;
  return healthy[set.next];
}

/** Where this request's next read goes: a replica that has the caller's own writes, else the primary. */
async function chooseReplica(): Promise<ReplicaState | null> {
  const scope = readScope.getStore();
  if (scope?.consistency === 'primary' || !replicaSet().replicas.some((r) => r.inRotation)) return null;
  return pickReplica(await requestFloor(scope));
}

// A connection that failed or was cut: the replica is gone, not the query wrong.
function connectionFailure(err: unknown): boolean {
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e?.code ?? e?.errors?.find((x) => x.code)?.code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'].includes(code)) return true;
  // A query cancelled on the replica because replay needed its rows (hot_standby_feedback off).
  if (code === '40001' && /conflict with recovery/i.test(e.message ?? '')) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e?.message ?? '');
}

function takeOut(r: ReplicaState, err: unknown) {
  r.inRotation = false;
  r.reason = `unreachable: ${(err as Error).message || 'connection failed'}`;
  r.checkedAt = Date.now();
}

/**
 * Where read-only work queries: a replica in rotation when there is one, else the primary. A query
 * the replica cannot answer for connection reasons is run again on the primary.
 */
export function readDb(): Queryable {
  if (!replicaSet().replicas.length) return projectPool();
  const query = async (...args: unknown[]) => {
    const replica = await chooseReplica();
    if (!replica) return (projectPool().query as (...a: unknown[]) => Promise<unknown>)(...args);
    try {
      return await (replica.pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
    } catch (err) {
      if (!connectionFailure(err)) throw err;
      takeOut(replica, err);
      return (projectPool().query as (...a: unknown[]) => Promise<unknown>)(...args);
    }
  };
  return { query: query as unknown as pg.Pool['query'] };
}

/** Which database a read would go to now (for tests and the Health page): a replica's name or 'project'. */
export function readTarget(): string {
  return pickReplica()?.name ?? 'project';
}

/** As readTarget, for this request's caller: 'project' while no replica has its own latest write. */
export async function readTargetForCaller(): Promise<string> {
  return (await chooseReplica())?.name ?? 'project';
}

export interface StandbyStatus {
  name: string;
  clientAddr: string | null;
  state: string;
  syncState: string;
  replayLagMs: number | null;
  bytesBehind: number | null;
}

/** pg_stat_replication on the primary: each standby streaming from it, as the primary sees it. */
export async function primaryReplication(db: Queryable = projectPool()): Promise<StandbyStatus[]> {
  const { rows } = await db.query(`
    SELECT application_name, client_addr::text AS client_addr, state, sync_state,
           (EXTRACT(EPOCH FROM replay_lag) * 1000)::float8 AS replay_lag_ms,
           pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 AS bytes_behind
    FROM pg_stat_replication ORDER BY application_name`);
  return rows.map((r) => ({
    name: r.application_name, clientAddr: r.client_addr, state: r.state, syncState: r.sync_state,
    replayLagMs: r.replay_lag_ms === null ? null : Math.round(r.replay_lag_ms), bytesBehind: r.bytes_behind,
  }));
}

/** Closes the replica pools (tests, shutdown). */
export async function endReplicas() {
  const set = globalForReplicas.__recallReplicas;
  globalForReplicas.__recallReplicas = undefined;
  if (!set) return;
  if (set.timer) clearInterval(set.timer);
  await Promise.all(set.replicas.map((r) => r.pool.end().catch(() => {})));
}

/** fn in a read-only transaction on a replica in rotation (else the primary), retried on the primary if the replica fails. */
export async function withReadTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const replica = replicaSet().replicas.length ? await chooseReplica() : null;
  if (!replica) return withTransaction(projectPool(), fn, opts);
  try {
    return await withTransaction(replica.pool, fn, opts);
  } catch (err) {
    if (!connectionFailure(err)) throw err;
    takeOut(replica, err);
    return withTransaction(projectPool(), fn, opts);
  }
}

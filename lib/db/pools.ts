// The console's one way to reach a database: a `pg` Pool per configured database (project, and
// shared when SHARED_DATABASE_URL is set), whether the server is the embedded engine or a real one.
import fs from 'node:fs';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { projectPoolSettings, sharedPoolSettings, type PoolSettings } from '@/lib/config';
import { currentOperation, metricsEnabled, recorder, withOperation } from '@/lib/metrics/recorder';
import { startMetricsLoop } from '@/lib/metrics/loop';
import { startRatingCompaction } from '@/lib/feedback/rating-counts';
import { SaturationRecord } from '@/lib/metrics/saturation';
import { isConnectionError } from '@/lib/db/errors';
import { currentLane, LaneGate } from '@/lib/db/lanes';
import { noteDatabaseAnswered, noteDatabaseUnreachable } from '@/lib/db/outage';

export type { Queryable } from './queryable';

function sslOption(ssl: PoolSettings['ssl']): pg.PoolConfig['ssl'] {
  if (!ssl) return undefined;
  switch (ssl.mode) {
    case 'disable':
    case 'allow':
    case 'prefer': // pg cannot fall back from TLS to plain, so "prefer" connects as the URL says
      return undefined;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        ca: ssl.rootCert ? fs.readFileSync(ssl.rootCert, 'utf8') : undefined,
        cert: ssl.cert ? fs.readFileSync(ssl.cert, 'utf8') : undefined,
        key: ssl.key ? fs.readFileSync(ssl.key, 'utf8') : undefined,
        checkServerIdentity: ssl.mode === 'verify-ca' ? () => undefined : undefined,
      };
  }
}

/** What pages see of the database (lib/db/outage.ts): the project pool's answers and connection failures. */
function outageObserver(poolName: string): (err: unknown) => void {
  if (poolName !== 'project') return () => {};
  return (err) => {
    if (!err) noteDatabaseAnswered();
    else if (isConnectionError(err)) noteDatabaseUnreachable();
  };
}

/** A pg Client that times every query under the current operation name and its pool's name. */
function timedClient(poolName: string) {
  const observe = outageObserver(poolName);
  return class TimedClient extends pg.Client {
    // pg's query() has callback, promise and submittable forms; all are timed, none changed.
    query(...args: unknown[]): never {
      if (typeof args[0] === 'object' && args[0] !== null && 'submit' in args[0]) {
        return (super.query as (...a: unknown[]) => never)(...args);
      }
      const timed = metricsEnabled();
      const op = timed ? currentOperation() : '';
      const started = performance.now();
      const done = (err: unknown) => {
        observe(err);
        if (timed) recorder.recordQuery(poolName, op, performance.now() - started, Boolean(err));
      };
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (err: unknown, res: unknown) => {
          done(err);
          (last as (e: unknown, r: unknown) => void)(err, res);
        };
        return (super.query as (...a: unknown[]) => never)(...args);
      }
      const result = (super.query as (...a: unknown[]) => Promise<unknown>)(...args);
      result.then(() => done(null), done);
      return result as never;
    }
  };
}

// Marks an error that came from getting a connection, not from a query on one: retrying such a read
// at once would only wait for the same unreachable server again.
const CONNECT_FAILED = Symbol('recall.connectFailed');

/**
 * While checked out a pg client has no error listener of the pool's, so a server-side disconnect
 * between queries (inside a transaction) would be an uncaughtException. Listen for it, and release
 * a client that broke with its error so the pool discards it instead of handing it out again.
 */
function guardCheckedOut(client: pg.PoolClient, leaveLane: () => void, released: () => void): (release?: unknown) => void {
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken ??= err;
  };
  client.on('error', onError);
  const release = client.release;
  const guarded = (err?: Error | boolean) => {
    client.removeListener('error', onError);
    client.release = release;
    leaveLane();
    const result = release.call(client, err || broken);
    released();
    return result;
  };
  client.release = guarded;
  return guarded as (release?: unknown) => void;
}

// Plain reads, which can run twice without effect. Functions that act (terminate a backend, take a
// lock, advance a sequence) and row locks make a SELECT a write for this purpose.
const READ = /^\s*(SELECT|SHOW|VALUES|TABLE|EXPLAIN)\b/i;
const ACTS = /\b(INSERT|UPDATE|DELETE|MERGE|nextval|setval|pg_terminate_backend|pg_cancel_backend|pg_advisory\w*|pg_try_advisory\w*|pg_notify|FOR\s+(NO\s+KEY\s+)?UPDATE|FOR\s+(KEY\s+)?SHARE|set_config|lo_\w+|dblink\w*|INTO)\b/i;

export function isRetryableRead(query: unknown): boolean {
  const text = typeof query === 'string' ? query : (query as { text?: unknown } | null)?.text;
  return typeof text === 'string' && READ.test(text) && !ACTS.test(text);
}

const stayInLane = () => {};

/**
 * A Pool that also knows how long its oldest waiting client has waited, and puts interactive work
 * first: bulk-lane callers (API token traffic) hold or queue for at most `bulkMax` connections at once.
 */
export class InstrumentedPool extends pg.Pool {
  readonly name: string;
  readonly bulkLane: LaneGate;
  /** The last minute second by second, for Health (lib/health/pools.ts). */
  readonly saturation = new SaturationRecord();
  private waitingSince = new Set<number>();
  private observe = (waitedMs = 0) => this.saturation.observe(this.totalCount - this.idleCount, this.waiting(), waitedMs);

  constructor(name: string, config: pg.PoolConfig & { bulkMax?: number }) {
    super(config);
    this.name = name;
    // Unset or 0: one first-come queue for everyone (tests, the migration pool, a benchmark's baseline).
    this.bulkLane = new LaneGate(config.bulkMax ? Math.min(config.bulkMax, config.max ?? 10) : 0);
    // pg's query, plus one retry on a fresh connection for a read that met a broken connection (the
    // server restarted or ended the session under it). Writes are never retried: they may have run.
    // Assigned here rather than overridden, so callers keep pg's typed overloads.
    const base = pg.Pool.prototype.query as (...a: unknown[]) => Promise<unknown>;
    this.query = ((...args: unknown[]) => {
      const run = () => base.apply(this, args);
      if (typeof args[args.length - 1] === 'function' || !isRetryableRead(args[0])) return run();
      return run().catch((err) => {
        if (!isConnectionError(err) || (err as { [CONNECT_FAILED]?: boolean })[CONNECT_FAILED]) throw err;
        return run();
      });
    }) as pg.Pool['query'];
  }

  connect(): Promise<pg.PoolClient>;
  connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    const since = performance.now();
    const op = currentOperation();
    this.waitingSince.add(since);
    const got = () => {
      this.waitingSince.delete(since);
      this.observe(performance.now() - since);
    };
    const failed = (err: Error) => {
      if (this.name === 'project' && isConnectionError(err)) noteDatabaseUnreachable();
      // A request that got no connection failed as surely as one whose query failed: count it.
      if (metricsEnabled()) recorder.recordQuery(this.name, op, performance.now() - since, true);
      (err as Error & { [CONNECT_FAILED]?: boolean })[CONNECT_FAILED] = true;
    };
    // Bulk work first waits for a slot of its lane (counted as waiting: it is waiting for a connection).
    // A slot is held from here to release, so pg's own queue never has more bulk callers than slots:
    // a page queued there gets the next connection given back even when bulk may use the whole pool
    // (the embedded engine's pool of one).
    const slot = currentLane() === 'bulk' && this.bulkLane.capacity > 0 ? this.bulkLane.enter() : Promise.resolve(stayInLane);
    this.observe();
    if (callback) {
      void slot.then((leaveLane) =>
        super.connect((err, client, done) => {
          got();
          if (err) {
            leaveLane();
            failed(err);
          } else if (client) done = guardCheckedOut(client, leaveLane, this.observe);
          callback(err, client, done);
        }),
      );
      return;
    }
    return slot.then((leaveLane) =>
      super.connect().then(
        (client) => {
          got();
          guardCheckedOut(client, leaveLane, this.observe);
          return client;
        },
        (err) => {
          got();
          leaveLane();
          failed(err);
          throw err;
        },
      ),
    );
  }

  /** `SELECT 1` within timeoutMs, counted under `operation`: the round trip, or why it failed. */
  async ping(timeoutMs: number, operation: string): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        withOperation(operation, () => this.query('SELECT 1')),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return { ok: true, ms: performance.now() - started };
    } catch (err) {
      return { ok: false, error: (err as Error).message || 'unreachable' };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Callers waiting for a connection: pg's queue and the bulk lane's. */
  waiting(): number {
    return this.waitingCount + this.bulkLane.queued;
  }

  /** Milliseconds the longest-waiting connect() has been waiting (0 when none waits). */
  oldestWaitMs(): number {
    if (this.waitingSince.size === 0) return 0;
    return performance.now() - Math.min(...this.waitingSince);
  }
}

export function createPool(settings: PoolSettings): InstrumentedPool {
  const pool = new InstrumentedPool(settings.name, {
    Client: timedClient(settings.name),
    connectionString: settings.connectionString,
    min: settings.min,
    max: settings.max,
    ssl: sslOption(settings.ssl),
    connectionTimeoutMillis: settings.connectionTimeoutMillis,
    idleTimeoutMillis: settings.idleTimeoutMillis,
    application_name: `recall-${settings.name}`,
    // A runaway query cannot hold a connection longer than this (DB_STATEMENT_TIMEOUT_MS).
    statement_timeout: settings.statementTimeoutMillis || undefined,
    bulkMax: settings.bulkMax,
  });
  // An idle client whose server went away must not crash the process; the next query reports it.
  pool.on('error', () => {});
  return pool;
}

interface Pools {
  project: InstrumentedPool;
  shared: InstrumentedPool | null;
  prisma: PrismaClient;
}

const globalForPools = globalThis as unknown as { __recallPools?: Pools };

export class NotConfiguredError extends Error {
  constructor() {
    super('DATABASE_URL is not set. Start the console with `npm start`, which starts the embedded database.');
  }
}

function pools(): Pools {
  if (globalForPools.__recallPools) return globalForPools.__recallPools;
  const projectSettings = projectPoolSettings();
  if (!projectSettings) throw new NotConfiguredError();
  const sharedSettings = sharedPoolSettings();
  const project = createPool(projectSettings);
  const created: Pools = {
    project,
    shared: sharedSettings ? createPool(sharedSettings) : null,
    prisma: new PrismaClient({ adapter: new PrismaPg(project) }),
  };
  globalForPools.__recallPools = created;
  // Inside the web server, sample pool state and flush metrics in the background, and fold the rating
  // counts' changes; the loops are given the pools, so their modules never import the database ones.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    startMetricsLoop(allPools, projectPool);
    startRatingCompaction(projectPool);
  }
  return created;
}

export const projectPool = () => pools().project;
export const sharedPool = () => pools().shared;
export const prisma = () => pools().prisma;
/** Every configured pool (the metrics loop samples them all). */
export const allPools = (): InstrumentedPool[] => [pools().project, pools().shared].filter((p): p is InstrumentedPool => p !== null);

export interface TransactionOptions {
  /** SET LOCAL statements, sent with BEGIN. Trusted SQL only: the caller builds them from validated values. */
  localSettings?: string[];
}

/** Runs fn in a transaction on one client of the pool. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  let failure: unknown;
  try {
    // The settings go with BEGIN in one simple query: one round trip fewer per setting.
    await client.query(['BEGIN', ...(opts.localSettings ?? [])].join('; '));
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    failure = err;
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    // A connection that broke goes back with its error, so the pool drops it.
    client.release(isConnectionError(failure) ? (failure as Error) : undefined);
  }
}

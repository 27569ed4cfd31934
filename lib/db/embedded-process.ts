// Runs scripts/engine.ts as a supervised child process: restarts it on the same port when it dies,
// and gives up with a clear message when it keeps dying.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

export interface SupervisedEngine {
  url: string;
  port: number;
  /** The engine process now serving (changes after a restart). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const MAX_RESTARTS_PER_MINUTE = 5;

export interface HealthOptions {
  /** How often the supervisor asks the engine `SELECT 1` and pings its process. */
  everyMs?: number;
  /**
   * No answer to SQL and no progress for this long while the process still answers pings (its
   * event loop is free, so it is not running a statement, and it executes nothing: a session holds
   * it and sends nothing, or the protocol is stuck): restart. A long transaction that keeps
   * executing statements is progress, not a wedge.
   */
  wedgedAfterMs?: number;
  /** No answer to anything for this long (a query that never ends, a frozen process): restart. */
  unresponsiveAfterMs?: number;
}

const HEALTH_DEFAULTS: Required<HealthOptions> = {
  everyMs: 5_000,
  wedgedAfterMs: Number(process.env.RECALL_ENGINE_WEDGED_AFTER_MS ?? 30_000),
  unresponsiveAfterMs: Number(process.env.RECALL_ENGINE_UNRESPONSIVE_AFTER_MS ?? 10 * 60_000),
};

/** `SELECT 1` on a connection of its own, within timeoutMs. */
async function answers(url: string, timeoutMs: number): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, application_name: 'recall-supervisor' });
  c.on('error', () => {});
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    c.end().catch(() => {});
  }
}

function launch(dataDir: string, port: number, maxConnections: number): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.resolve(process.cwd(), 'scripts/engine.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      RECALL_PGDATA: dataDir,
      RECALL_DB_PORT: String(port),
      RECALL_DB_MAX_CONNECTIONS: String(maxConnections),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('error', () => {}); // a send on a closed channel; the exit handler deals with the rest
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string; port?: number; message?: string }) => {
      if (m.type === 'ready' && m.port) {
        child.off('exit', onExit);
        resolve({ child, port: m.port });
      } else if (m.type === 'error') {
        reject(new Error(m.message));
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`the embedded database exited during start-up (code ${code})`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startSupervisedEngine(opts: {
  dataDir: string;
  maxConnections: number;
  log: (line: string) => void;
  health?: HealthOptions;
}): Promise<SupervisedEngine> {
  let { child, port } = await launch(opts.dataDir, 0, opts.maxConnections);
  let stopping = false;
  const restarts: number[] = [];
  const health = { ...HEALTH_DEFAULTS, ...opts.health };
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;

  // An engine can be alive and answer nothing: restart it as if it had died (the exit handler does).
  let lastAnswer = Date.now();
  let lastPong = Date.now();
  let lastProgress = Date.now();
  let executed = -1;
  let checking = false;
  const onPong = (m: { type?: string; executed?: number }) => {
    if (m?.type !== 'pong') return;
    lastPong = Date.now();
    if (m.executed !== executed) {
      executed = m.executed ?? -1;
      lastProgress = lastPong;
    }
  };
  const healthTimer = setInterval(async () => {
    if (stopping || checking || child.exitCode !== null || child.signalCode !== null) return;
    checking = true;
    try {
      child.send?.({ type: 'ping' }, () => {});
      if (await answers(url, Math.min(health.everyMs, 5_000))) {
        lastAnswer = Date.now();
        return;
      }
      const silentMs = Date.now() - lastAnswer;
      const loopFree = Date.now() - lastPong < 2 * health.everyMs + 1_000;
      const stuck = loopFree && Date.now() - lastProgress > health.wedgedAfterMs;
      if ((stuck && silentMs > health.wedgedAfterMs) || silentMs > health.unresponsiveAfterMs) {
        opts.log(
          `The embedded database has not answered a query for ${Math.round(silentMs / 1000)} s` +
            `${stuck ? ' and executed nothing although its process is running (a session holds it, or a client broke the protocol)' : ''}; restarting it.`,
        );
        child.kill('SIGKILL');
      }
    } finally {
      checking = false;
    }
  }, health.everyMs);
  healthTimer.unref();

  const watch = (c: ChildProcess) => {
    c.on('message', onPong);
    c.once('exit', (code, signal) => {
      if (stopping) return;
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && restarts[0] < now - 60_000) restarts.shift();
      if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
        opts.log(
          `The embedded database stopped ${restarts.length} times in a minute (last: ${signal ?? `code ${code}`}); ` +
            `not restarting. Check ${opts.dataDir} and free disk space, then restart Recall.`,
        );
        return;
      }
      opts.log(`The embedded database stopped (${signal ?? `code ${code}`}); restarting it on port ${port}.`);
      launch(opts.dataDir, port, opts.maxConnections)
        .then((next) => {
          child = next.child;
          lastAnswer = lastPong = lastProgress = Date.now();
          executed = -1;
          watch(child);
          opts.log('The embedded database is back.');
        })
        .catch((err) => opts.log(`Restarting the embedded database failed: ${(err as Error).message}`));
    });
  };
  watch(child);

  return {
    port,
    get pid() {
      return child.pid;
    },
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        clearInterval(healthTimer);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        // The IPC channel is gone when the engine is between a crash and its restart.
        if (child.connected) child.send({ type: 'stop' }, () => {});
        else child.kill('SIGTERM');
      }),
  };
}

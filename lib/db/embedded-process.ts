// Runs scripts/engine.ts as a supervised child process: restarts it on the same port when it dies,
// and gives up with a clear message when it keeps dying.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface SupervisedEngine {
  url: string;
  port: number;
  /** The engine process now serving (changes after a restart). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const MAX_RESTARTS_PER_MINUTE = 5;

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
}): Promise<SupervisedEngine> {
  let { child, port } = await launch(opts.dataDir, 0, opts.maxConnections);
  let stopping = false;
  const restarts: number[] = [];

  const watch = (c: ChildProcess) => {
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
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'stop' });
      }),
  };
}

// A PostgreSQL 15 of a test's own (initdb into a temporary directory, pg_ctl on a free port, as the
// postgres user), for tests that stop, crash and restart a server: never the machine's shared one.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const PG_BIN = process.env.RECALL_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** Why a dedicated instance cannot be started here, or null when it can. */
export function pgInstanceUnavailable(): string | null {
  for (const bin of ['initdb', 'pg_ctl', 'postgres']) {
    if (!fs.existsSync(path.join(PG_BIN, bin))) return `${path.join(PG_BIN, bin)} is missing (set RECALL_PG_BIN to PostgreSQL 15's bin directory)`;
  }
  if (process.getuid?.() === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
    } catch {
      return 'running as root and there is no postgres user to run the server as';
    }
  }
  return null;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

export interface PgInstance {
  url: string;
  port: number;
  /** `fast`: sessions are terminated (57P01) and the server shuts down cleanly; `immediate`: a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Resolves once the server accepts connections. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

export async function startPgInstance(): Promise<PgInstance> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-pg-'));
  const data = path.join(dir, 'data');
  const asPostgres = process.getuid?.() === 0;
  if (asPostgres) execFileSync('chown', ['postgres', dir]);
  // Asynchronous: the console under test keeps serving while the server stops and starts.
  const run = async (bin: string, args: string[]) => {
    await (asPostgres
      ? promisify(execFile)('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, bin), ...args])
      : promisify(execFile)(path.join(PG_BIN, bin), args));
  };
  await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=50`;
  const start = () => run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
  await start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: (mode = 'fast') => run('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    start,
    destroy: async () => {
      await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => {}); // may be stopped already
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

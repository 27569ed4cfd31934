// A primary and a streaming replica of our own for tests that stop or lag a server: initdb into a
// temp dir, pg_ctl on free ports, pg_basebackup -R for the replica, all as the postgres user with the
// machine's PostgreSQL 15 binaries (which have pgvector). The machine's shared server is never touched.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './pgbouncer';

export const PG_BIN = '/usr/lib/postgresql/15/bin';
export const replicationAvailable = ['initdb', 'pg_ctl', 'pg_basebackup'].every((b) => fs.existsSync(path.join(PG_BIN, b)));

const asRoot = process.getuid?.() === 0;

function run(bin: string, args: string[]) {
  const cmd = path.join(PG_BIN, bin);
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return execFileSync(file, argv, { stdio: 'pipe', encoding: 'utf8', timeout: 120_000 });
}

export interface TestServer {
  port: number;
  dir: string;
  url(database?: string): string;
  start(): void;
  stop(mode?: 'fast' | 'immediate'): void;
}

function server(dir: string, port: number): TestServer {
  let running = false;
  return {
    port,
    dir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start() {
      run('pg_ctl', ['-D', dir, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir}`, 'start']);
      running = true;
    },
    stop(mode = 'fast') {
      if (!running) return;
      run('pg_ctl', ['-D', dir, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
  };
}

export interface Replication {
  primary: TestServer;
  replica: TestServer;
  /** Stops both servers and removes their files. */
  destroy(): void;
}

export async function startReplication(): Promise<Replication> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-replication-'));
  fs.chmodSync(root, 0o755);
  if (asRoot) execFileSync('chown', ['postgres:postgres', root]);
  const primaryDir = path.join(root, 'primary');
  const replicaDir = path.join(root, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  run('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  fs.appendFileSync(path.join(primaryDir, 'postgresql.conf'), [
    '', 'wal_level = replica', 'max_wal_senders = 4', 'listen_addresses = \'127.0.0.1\'', 'fsync = off',
    'max_connections = 40', 'shared_buffers = 32MB', 'hot_standby = on', 'hot_standby_feedback = on', 'wal_receiver_status_interval = 1s', '',
  ].join('\n'));
  fs.appendFileSync(path.join(primaryDir, 'pg_hba.conf'), '\nhost replication postgres 127.0.0.1/32 trust\n');
  const primary = server(primaryDir, primaryPort);
  primary.start();
  const replica = server(replicaDir, replicaPort);
  try {
    run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--no-sync']);
    replica.start();
  } catch (err) {
    primary.stop('immediate');
    throw err;
  }
  return {
    primary,
    replica,
    destroy() {
      for (const s of [replica, primary]) {
        try {
          s.stop('immediate');
        } catch {
          /* already stopped */
        }
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

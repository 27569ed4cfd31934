// `npm start`: serve the console. Without DATABASE_URL it starts the embedded database first.
//   npm start            production build (built on first start and whenever the sources change)
//   npm start -- --dev   Next.js development server
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { projectPoolSettings, ConfigError } from '@/lib/config';
import { describeDbError } from '@/lib/db/errors';
import { startSupervisedEngine, type SupervisedEngine } from '@/lib/db/embedded-process';
import { projectPool, sharedPool } from '@/lib/db/pools';
import { endDirectPool, sessionPool } from '@/lib/db/direct';
import { dataDir, prepareDatabase, resolveAuthSecret, resolveFirstAdmin, StartupError } from '@/lib/bootstrap';
import { MigrationError } from '@/lib/db/migrator';
import { MissingExtensionError } from '@/lib/db/preflight';
import { buildIfStale } from './build';

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const log = (line: string) => console.log(`[recall] ${line}`);
const fail = (line: string): never => {
  console.error(`[recall] ${line}`);
  process.exit(1);
};

function portFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(p, () => server.close(() => resolve(true)));
  });
}

async function main() {
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT: expected a port number 1–65535, got "${process.env.PORT}"`);
  if (!(await portFree(port))) {
    fail(`Port ${port} is already in use. Stop the program using it, or choose another: PORT=${port + 1} npm start`);
  }

  const dir = dataDir();
  fs.mkdirSync(dir, { recursive: true });

  let engine: SupervisedEngine | null = null;
  const embedded = !process.env.DATABASE_URL && !process.env.RUVECTOR_HOST;
  try {
    projectPoolSettings(); // validates DATABASE_URL and pool variables before anything starts
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }

  let authSecret = '';
  try {
    authSecret = resolveAuthSecret(process.env, dir, embedded);
  } catch (err) {
    fail((err as Error).message);
  }

  if (embedded) {
    const started = Date.now();
    log(`starting the embedded database (data in ${path.join(dir, 'pgdata')})…`);
    try {
      engine = await startSupervisedEngine({
        dataDir: path.join(dir, 'pgdata'),
        maxConnections: 64,
        log,
      });
    } catch (err) {
      fail(`The embedded database could not start: ${(err as Error).message}. ` +
        `If another Recall is using ${dir}, stop it or set RECALL_DATA_DIR to another folder.`);
    }
    process.env.DATABASE_URL = engine!.url;
    // For command-line tools (npm run import) while this console runs.
    fs.writeFileSync(path.join(dir, 'engine.url'), engine!.url + '\n');
    // PGlite runs one statement at a time on one session: more connections add nothing, and their
    // extended-protocol messages can interleave ("portal does not exist"). One connection, queued.
    process.env.PROJECT_POOL_MAX ??= '1';
    process.env.PROJECT_POOL_MIN ??= '1';
    log(`embedded database ready on 127.0.0.1:${engine!.port} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const url = process.env.DIRECT_DATABASE_URL || projectPoolSettings()!.connectionString;
  try {
    // Past a pooler, migrations take their lock on the direct URL when one is given.
    const result = await prepareDatabase(sessionPool(), { seed: embedded, log });
    if (process.env.DIRECT_DATABASE_URL) {
      // The pooled URL the console serves from must work too.
      await projectPool().query('SELECT 1').catch((err) => {
        throw new StartupError(describeDbError(err, projectPoolSettings()!.connectionString));
      });
    }
    log(`PostgreSQL ${result.info.serverVersion}, pgvector ${result.info.pgvectorInstalled ?? result.info.pgvectorAvailable}; ` +
      `${result.applied.length} migration(s) applied`);
    const shared = sharedPool();
    if (shared) {
      await shared.query('SELECT 1').catch((err) => {
        throw new StartupError(describeDbError(err, process.env.SHARED_DATABASE_URL ?? '', 'SHARED_DATABASE_URL'));
      });
    }
  } catch (err) {
    await engine?.stop();
    if (err instanceof MissingExtensionError || err instanceof MigrationError || err instanceof StartupError) fail(err.message);
    fail(describeDbError(err, url));
  }

  const admin = await resolveFirstAdmin(process.env, dir);
  await projectPool().end();
  await sharedPool()?.end();
  await endDirectPool();

  if (!dev) buildIfStale(log, fail);

  const next = spawn(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), dev ? 'dev' : 'start', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      RECALL_ENGINE: embedded ? 'embedded' : 'server',
      RECALL_DATA_DIR: dir,
      AUTH_SECRET: authSecret,
      AUTH_TRUST_HOST: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  let announced = false;
  next.stdout!.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (!announced && /Ready|ready/.test(chunk.toString())) {
      announced = true;
      log(`console ready: http://localhost:${port}`);
      if (admin.password) {
        log(`first admin created — e-mail: ${admin.email}  password: ${admin.password}`);
        if (admin.passwordFile) log(`(also saved in ${admin.passwordFile}; change it in Settings → Users)`);
      } else if (admin.created) {
        log(`first admin created — e-mail: ${admin.email} (password from RECALL_ADMIN_PASSWORD)`);
      } else {
        log(`sign in as ${admin.email}${admin.passwordFile ? ` (first password in ${admin.passwordFile})` : ''}`);
      }
    }
  });

  const shutdown = async (code: number) => {
    next.kill('SIGTERM');
    await engine?.stop();
    if (engine) fs.rmSync(path.join(dir, 'engine.url'), { force: true });
    process.exit(code);
  };
  next.on('exit', (code) => void shutdown(code ?? 0));
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
}

main().catch((err) => fail(`start-up failed: ${(err as Error).message}`));

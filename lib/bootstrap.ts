// What every start does before serving: check the server, migrate, load demo data when asked,
// make sure there is an admin, and settle the auth secret. Shared by scripts/ and tests.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import type { Env } from '@/lib/config';
import { migrate } from '@/lib/db/migrator';
import { preflight, type ServerInfo } from '@/lib/db/preflight';
import { seedDemoData } from '@/lib/seed/demo';
import { generatePassword } from '@/lib/auth/password';
import { ensureFirstAdmin } from '@/lib/users/users';

export async function prepareDatabase(
  pool: pg.Pool,
  opts: { seed: boolean; log?: (line: string) => void },
): Promise<{ info: ServerInfo; applied: string[]; seeded: boolean }> {
  const info = await preflight(pool);
  const { applied } = await migrate(pool, { log: opts.log });
  let seeded = false;
  if (opts.seed) {
    const started = Date.now();
    const result = await seedDemoData(pool, { log: opts.log });
    if (result) {
      seeded = true;
      opts.log?.(`demo data loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  return { info, applied, seeded };
}

export class StartupError extends Error {}

/** Where the embedded engine keeps its files, the generated auth secret and the first admin's password. */
export function dataDir(env: Env = process.env): string {
  return path.resolve(env.RECALL_DATA_DIR || '.recall');
}

/**
 * AUTH_SECRET signs the session cookies. A production server must be given one; the embedded demo
 * (and a development run) generates one once and keeps it under the data directory.
 */
export function resolveAuthSecret(env: Env, dir: string, embedded: boolean): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === 'production' && !embedded) {
    throw new StartupError(
      'AUTH_SECRET is not set. A production server needs one to sign sessions: ' +
        'generate it with `openssl rand -base64 32` and set AUTH_SECRET.',
    );
  }
  const file = path.join(dir, 'auth-secret');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export const DEFAULT_ADMIN_EMAIL = 'admin@recall.local';

/**
 * Creates the first admin on an empty users table. A generated password is kept in
 * <data dir>/first-admin.txt (mode 600) so it can be found again after the first start.
 */
export async function resolveFirstAdmin(env: Env, dir: string) {
  const email = env.RECALL_ADMIN_EMAIL || DEFAULT_ADMIN_EMAIL;
  const given = env.RECALL_ADMIN_PASSWORD;
  const password = given || generatePassword();
  const created = await ensureFirstAdmin({ email, password });
  const file = path.join(dir, 'first-admin.txt');
  if (created && !given) {
    fs.writeFileSync(file, `${email}\n${password}\n`, { mode: 0o600 });
  }
  return {
    created: Boolean(created),
    email: created?.email ?? email,
    // Only a generated password is shown; one the operator chose is theirs to know.
    password: created && !given ? password : null,
    passwordFile: !given && fs.existsSync(file) ? file : null,
  };
}

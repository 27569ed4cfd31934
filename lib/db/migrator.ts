// Applies sql/migrations/NNNN_name.sql in order: one transaction per file, each applied file recorded
// with its checksum, and a transaction-level advisory lock so concurrent starts apply each file once.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { withTransaction } from './pools';

export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'sql/migrations');
// Arbitrary but fixed: every Recall instance must take the same lock.
const LOCK_KEY = 727_001;
const FILE_PATTERN = /^\d{4}_[a-z0-9_]+\.sql$/;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => FILE_PATTERN.test(f))
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

async function lock(client: pg.PoolClient) {
  await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
}

export async function migrate(pool: pg.Pool, opts: { dir?: string; log?: (line: string) => void } = {}) {
  const files = readMigrations(opts.dir);
  await withTransaction(pool, async (client) => {
    await lock(client);
    await client.query(`CREATE SCHEMA IF NOT EXISTS recall;
      CREATE TABLE IF NOT EXISTS recall.schema_migrations (
        filename TEXT PRIMARY KEY,
        checksum TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT NOW())`);
  });

  const applied: string[] = [];
  for (const file of files) {
    const didApply = await withTransaction(pool, async (client) => {
      await lock(client);
      const { rows } = await client.query<{ checksum: string }>(
        'SELECT checksum FROM recall.schema_migrations WHERE filename = $1',
        [file.name],
      );
      if (rows[0]) {
        if (rows[0].checksum !== file.checksum) {
          throw new MigrationError(
            `Migration ${file.name} was edited after it was applied to this database. ` +
              'Restore the original file and put the change in a new migration.',
          );
        }
        return false;
      }
      try {
        await client.query(file.sql);
      } catch (err) {
        throw new MigrationError(`Migration ${file.name} failed: ${(err as Error).message}`);
      }
      await client.query('INSERT INTO recall.schema_migrations (filename, checksum) VALUES ($1, $2)', [
        file.name,
        file.checksum,
      ]);
      return true;
    });
    if (didApply) {
      applied.push(file.name);
      opts.log?.(`applied migration ${file.name}`);
    }
  }
  return { applied, total: files.length };
}

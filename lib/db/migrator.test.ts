// The migrator against the embedded engine: order, checksums, concurrent starts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedEngine, type EmbeddedEngine } from './embedded';
import { migrate, MigrationError, readMigrations } from './migrator';
import { testPool } from '@/lib/testing/database';
import type pg from 'pg';

let engine: EmbeddedEngine;
let pool: pg.Pool;

function fixtureDir(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recall-mig-'));
  for (const [name, sql] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), sql);
  return dir;
}

beforeAll(async () => {
  engine = await startEmbeddedEngine({ maxConnections: 8 });
  pool = testPool(engine.url, { max: 4 });
});
afterAll(async () => {
  await pool.end();
  await engine.stop();
});

describe('migrator', () => {
  it('reads only NNNN_name.sql files, in order', () => {
    const dir = fixtureDir({ '0002_b.sql': 'SELECT 2', '0001_a.sql': 'SELECT 1', 'notes.txt': 'x', '10_bad.sql': 'x' });
    expect(readMigrations(dir).map((m) => m.name)).toEqual(['0001_a.sql', '0002_b.sql']);
  });

  it('applies files in order, once, and records their checksums', async () => {
    const dir = fixtureDir({
      '0001_create.sql': 'CREATE TABLE mig_a (id int)',
      '0002_alter.sql': 'ALTER TABLE mig_a ADD COLUMN name text', // fails unless 0001 ran first
    });
    const first = await migrate(pool, { dir });
    expect(first.applied).toEqual(['0001_create.sql', '0002_alter.sql']);
    const again = await migrate(pool, { dir });
    expect(again.applied).toEqual([]);
    const { rows } = await pool.query(
      "SELECT filename, length(checksum) AS len FROM recall.schema_migrations WHERE filename LIKE '000%_create.sql' OR filename LIKE '000%_alter.sql' ORDER BY filename",
    );
    expect(rows).toEqual([{ filename: '0001_create.sql', len: 64 }, { filename: '0002_alter.sql', len: 64 }]);
  });

  it('refuses to start when an applied file was edited, naming it', async () => {
    const dir = fixtureDir({ '0001_create.sql': 'CREATE TABLE mig_a (id int)' });
    fs.writeFileSync(path.join(dir, '0001_create.sql'), 'CREATE TABLE mig_a (id bigint)');
    await expect(migrate(pool, { dir })).rejects.toThrow(/0001_create\.sql was edited after it was applied/);
  });

  it('rolls back a failing file completely and names it', async () => {
    const dir = fixtureDir({ '0001_half.sql': 'CREATE TABLE mig_half (id int); SELECT no_such_function();' });
    const err = await migrate(pool, { dir }).catch((e) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(err.message).toMatch(/0001_half\.sql failed/);
    const { rows } = await pool.query("SELECT to_regclass('mig_half') AS t");
    expect(rows[0].t).toBeNull();
    const recorded = await pool.query("SELECT 1 FROM recall.schema_migrations WHERE filename = '0001_half.sql'");
    expect(recorded.rows).toHaveLength(0);
  });

  it('serialises two concurrent runs: each file is applied exactly once', async () => {
    const dir = fixtureDir({
      '0001_counter.sql': 'CREATE TABLE mig_counter (n int); INSERT INTO mig_counter VALUES (1)',
      '0002_more.sql': 'INSERT INTO mig_counter VALUES (2)',
    });
    const other = testPool(engine.url, { max: 2 });
    const [a, b] = await Promise.all([migrate(pool, { dir }), migrate(other, { dir })]);
    await other.end();
    expect([...a.applied, ...b.applied].sort()).toEqual(['0001_counter.sql', '0002_more.sql']);
    const { rows } = await pool.query('SELECT n FROM mig_counter ORDER BY n');
    expect(rows.map((r) => r.n)).toEqual([1, 2]);
  });

  it('applies the real migrations on the embedded engine', async () => {
    const r = await migrate(pool);
    expect(r.applied.length).toBe(r.total);
    const { rows } = await pool.query("SELECT extversion FROM pg_extension WHERE extname = 'vector'");
    expect(rows[0].extversion).toMatch(/^0\.[5-9]|^[1-9]/);
  });
});

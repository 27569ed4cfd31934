// A search's vector sent in binary arrives as the same float4s the text form gives, on the embedded
// engine (through its socket server) and on native PostgreSQL 15 + pgvector.
import pg from 'pg';
import pgvector from 'pgvector';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { createNativeDatabase, probeNativeServer, skipNotice, startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { readVectorBinary, vectorOut, vectorParam } from './binary';

const v = [0.1, -2.5, 1e-7, 3.4e38, 0, 1 / 3, 123456.789, ...Array.from({ length: 377 }, (_, i) => Math.sin(i) * 10)];

async function sameAsText(db: Pick<pg.Pool, 'query'>) {
  const { rows } = await db.query('SELECT $1::vector::text AS b, $2::vector::text AS t, $1::vector = $2::vector AS same, vector_dims($1::vector) AS n',
    [vectorParam(v), pgvector.toSql(v)]);
  expect(rows[0].n).toBe(384);
  expect(rows[0].b).toBe(rows[0].t);
  expect(rows[0].same).toBe(true);
  // Read back in binary: the same float4s the text form gives (as their exact doubles), and NULL stays NULL.
  const read = await db.query(`SELECT ${vectorOut('$1::vector')} AS b, $1::vector::text AS t, ${vectorOut('NULL::vector')} AS none`, [vectorParam(v)]);
  expect(readVectorBinary(read.rows[0].b)).toEqual((pgvector.fromSql(read.rows[0].t) as number[]).map(Math.fround));
  expect(readVectorBinary(read.rows[0].b)).toHaveLength(384);
  expect(read.rows[0].none).toBeNull();
  // And a wrong dimension is the database's error, not a silent truncation.
  await expect(db.query('SELECT $1::vector(3)', [vectorParam([1, 2])])).rejects.toThrow(/expected 3 dimensions, not 2/);
}

let engine: EmbeddedEngine;
beforeAll(async () => {
  engine = await startTestDatabase();
}, 120_000);
afterAll(async () => stopTestDatabase(engine));

it('embedded engine: binary and text give the same vector', async () => sameAsText(projectPool()));

const skip = skipNotice('binary vector parameters on native', (await probeNativeServer()).missingVector);
describe.skipIf(skip)('native PostgreSQL 15 + pgvector', () => {
  it('binary and text give the same vector', async () => {
    const db = await createNativeDatabase('recall_scale_binary');
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      await pool.query('CREATE EXTENSION IF NOT EXISTS vector');
      await sameAsText(pool);
    } finally {
      await pool.end();
      await db.drop();
    }
  });
});

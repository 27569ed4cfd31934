// Recall through a real PgBouncer in transaction pooling mode (Debian's package, started here on a
// free loopback port in front of the machine's PostgreSQL 15): the pooler hands each transaction
// whichever server connection is free, so anything that relies on session state breaks here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createNativeDatabase, testPool } from '@/lib/testing/database';
import { PGBOUNCER_BIN, startPgBouncer, type PgBouncer } from '@/lib/testing/pgbouncer';
import { migrate, readMigrations } from './migrator';
import { describeDbError } from './errors';

if (!PGBOUNCER_BIN) console.warn('[pgbouncer.pg15.test] skipped: pgbouncer is not installed (apt-get install -y pgbouncer)');

describe.skipIf(!PGBOUNCER_BIN)('through PgBouncer in transaction pooling mode', () => {
  let bouncer: PgBouncer;
  let strict: PgBouncer;
  let db: Awaited<ReturnType<typeof createNativeDatabase>>;
  let race: Awaited<ReturnType<typeof createNativeDatabase>>;
  const pools: pg.Pool[] = [];
  const poolFor = (url: string, o: { max?: number; statementTimeoutMillis?: number } = {}) => {
    const p = testPool(url, { statementTimeoutMillis: 0, ...o });
    pools.push(p);
    return p;
  };

  beforeAll(async () => {
    [db, race] = await Promise.all([createNativeDatabase('recall_bouncer'), createNativeDatabase('recall_bouncer_race')]);
    // As the kit's pgbouncer.ini: the pool's statement_timeout is accepted and ignored.
    bouncer = await startPgBouncer({ poolSize: 3, ignoreStartupParameters: ['statement_timeout'] });
    strict = await startPgBouncer({ poolSize: 1 });
    const dbName = new URL(db.url).pathname.slice(1);
    process.env.DATABASE_URL = bouncer.url(dbName);
    process.env.DB_STATEMENT_TIMEOUT_MS = '30000';
    process.env.PROJECT_POOL_MAX = '8';
  });
  afterAll(async () => {
    const { projectPool } = await import('./pools');
    await projectPool().end().catch(() => {});
    await Promise.all(pools.map((p) => p.end().catch(() => {})));
    await bouncer?.stop();
    await strict?.stop();
    await Promise.all([db?.drop(), race?.drop()]);
  });

  it('a pooler that refuses statement_timeout gets a start-up message naming the setting to change', async () => {
    const name = new URL(db.url).pathname.slice(1);
    const err = await poolFor(strict.url(name), { statementTimeoutMillis: 30_000 }).query('SELECT 1').catch((e) => e);
    expect(err).toBeInstanceOf(Error);
    const line = describeDbError(err, strict.url(name));
    expect(line).toMatch(/refused the startup parameter "statement_timeout"/);
    expect(line).toContain('ignore_startup_parameters = statement_timeout');
    expect(line).toContain('DB_STATEMENT_TIMEOUT_MS=0');
    // DB_STATEMENT_TIMEOUT_MS=0 sends no timeout, and the same pooler serves.
    const { rows } = await poolFor(strict.url(name), { statementTimeoutMillis: 0 }).query('SELECT 1 AS one');
    expect(rows[0].one).toBe(1);
  });

  it('DB_STATEMENT_TIMEOUT_MS accepts 0 (not sent) and refuses 1–99', async () => {
    const { projectPoolSettings } = await import('@/lib/config');
    expect(projectPoolSettings({ DATABASE_URL: db.url, DB_STATEMENT_TIMEOUT_MS: '0' })!.statementTimeoutMillis).toBe(0);
    expect(() => projectPoolSettings({ DATABASE_URL: db.url, DB_STATEMENT_TIMEOUT_MS: '50' })).toThrow(/DB_STATEMENT_TIMEOUT_MS: must be 0 \(not sent\) or at least 100/);
  });

  it('four migrators started at once through the pooler apply each file exactly once', async () => {
    const url = bouncer.url(new URL(race.url).pathname.slice(1));
    const results = await Promise.all([0, 1, 2, 3].map(() => migrate(poolFor(url, { max: 2 }))));
    const files = readMigrations();
    const applied = results.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual(files.map((f) => f.name).sort());
    const { rows } = await poolFor(race.url).query('SELECT count(*)::int AS n FROM recall.schema_migrations');
    expect(rows[0].n).toBe(files.length);
  });

  it('stores and searches memories through the pooler (project pool and Prisma on it)', async () => {
    const { projectPool } = await import('./pools');
    await migrate(projectPool());
    const { storeMemory, getMemory } = await import('@/lib/memories/memories');
    const { searchCollection } = await import('@/lib/search/search');
    const vec = (i: number) => Array.from({ length: 384 }, (_, d) => Math.sin(i * 7 + d) + (d === i ? 5 : 0));
    for (let i = 0; i < 20; i++) {
      await storeMemory({ id: null, email: 'test' }, { namespace: 'bouncer', key: `k${i}`, value: `value ${i}`, embedding: vec(i), tags: ['t'] });
    }
    expect((await getMemory('bouncer', 'k3')).value).toBe('value 3');
    // ef_search is SET LOCAL in the search's own transaction: through the pooler it must still apply.
    const [plain, tuned] = await Promise.all([
      searchCollection({ vector: vec(4), namespace: 'bouncer', limit: 3, min_similarity: 0 }),
      searchCollection({ vector: vec(4), namespace: 'bouncer', limit: 3, min_similarity: 0, ef_search: 100, exact: true }),
    ]);
    expect(plain.hits[0].row.key).toBe('k4');
    expect(tuned.hits[0].row.key).toBe('k4');
    // Nothing leaked onto the pooler's server connections (null: a backend that never loaded pgvector).
    const shows = await Promise.all(Array.from({ length: 6 }, () => projectPool().query(`SELECT current_setting('hnsw.ef_search', true) AS ef`)));
    for (const s of shows) expect([null, '40']).toContain(s.rows[0].ef);
  });

  it('review claims through the pooler: six reviewers at once get six different items', async () => {
    const { projectPool } = await import('./pools');
    await projectPool().query(
      `INSERT INTO generations (id, artifact_type, name, content, quality_score, created_at)
       SELECT 'b' || g, 'agent', 'gen ' || g, 'content', 0.9, NOW() - make_interval(secs => g) FROM generate_series(1, 12) g`,
    );
    const { createUser } = await import('@/lib/users/users');
    const { claimNext, submitReview } = await import('@/lib/review/queue');
    const reviewers = [];
    for (let i = 0; i < 6; i++) {
      const u = await createUser(null, { email: `bouncer${i}@example.com`, role: 'reviewer', password: 'reviewer-password' });
      reviewers.push({ id: u.id, email: u.email });
    }
    const claims = await Promise.all(reviewers.map((r) => claimNext(r)));
    expect(new Set(claims.map((c) => c!.generationId)).size).toBe(6);
    await Promise.all(reviewers.map((r, i) => submitReview(r, claims[i]!.generationId, { rating: 4 })));
    const { rows } = await projectPool().query('SELECT count(DISTINCT generation_id)::int AS d FROM feedback');
    expect(rows[0].d).toBe(6);
  });

  it('VACUUM with its own timeout runs on DIRECT_DATABASE_URL (a session of its own), not through the pooler', async () => {
    process.env.DIRECT_DATABASE_URL = db.url;
    const { sessionPool, endDirectPool } = await import('./direct');
    const { projectPool } = await import('./pools');
    try {
      const { rows } = await sessionPool().query('SELECT inet_server_port() AS port');
      expect(rows[0].port).toBe(5432); // the server itself
      const { runMaintenance } = await import('@/lib/health/db-stats');
      const r = await runMaintenance({ id: null, email: 'test' }, 'vacuum', 'public.memory_entries');
      expect(r.target).toBe('public.memory_entries');
      const { rows: audit } = await projectPool().query(`SELECT count(*)::int AS n FROM recall.audit_log WHERE action = 'maintenance.vacuum'`);
      expect(audit[0].n).toBe(1);
    } finally {
      await endDirectPool();
      delete process.env.DIRECT_DATABASE_URL;
    }
  });
});

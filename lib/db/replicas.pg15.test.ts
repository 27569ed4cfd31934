// Read replicas for real: a primary and a streaming replica of our own (initdb, pg_basebackup -R,
// pg_ctl on free ports, the machine's PostgreSQL 15 binaries with pgvector), never the shared server.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import pg from 'pg';
import { replicationAvailable, startReplication, type Replication } from '@/lib/testing/replication';

// Route handlers are called directly with a token; Auth.js's session (for cookies) is not needed.
vi.mock('@/lib/auth', () => ({ auth: async () => null }));

if (!replicationAvailable) console.warn('[replicas.pg15.test] skipped: initdb/pg_ctl/pg_basebackup not found in /usr/lib/postgresql/15/bin');

const until = async (what: string, check: () => Promise<boolean> | boolean, tries = 300) => {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting: ${what}`);
};

describe.skipIf(!replicationAvailable)('read replicas (streaming replication of our own primary)', () => {
  let rep: Replication;
  const actor = { id: null, email: 'test@example.com' };
  const vec = (i: number) => Array.from({ length: 384 }, (_, d) => Math.sin(i * 7 + d) + (d === i ? 5 : 0));

  beforeAll(async () => {
    rep = await startReplication();
    const admin = new pg.Client({ connectionString: rep.primary.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE recall');
    await admin.end();
    process.env.DATABASE_URL = rep.primary.url('recall');
    process.env.REPLICA_DATABASE_URL = rep.replica.url('recall');
    process.env.REPLICA_CHECK_INTERVAL_MS = '200';
    process.env.REPLICA_MAX_LAG_MS = '2000';
    process.env.PROJECT_POOL_MAX = '6';
    const { projectPool } = await import('./pools');
    const { migrate } = await import('./migrator');
    await migrate(projectPool());
  }, 120_000);

  afterAll(async () => {
    const { endReplicas } = await import('./replicas');
    const { projectPool } = await import('./pools');
    await endReplicas();
    await projectPool().end().catch(() => {});
    rep?.destroy();
  });

  it('REPLICA_DATABASE_URL (comma-separated) and RUVECTOR_REPLICA_HOSTS give one pool per replica', async () => {
    const { replicaPoolSettings, replicaMaxLagMs } = await import('@/lib/config');
    const two = replicaPoolSettings({ REPLICA_DATABASE_URL: 'postgres://a@r1:5432/x, postgres://a@r2:5433/x', REPLICA_POOL_MAX: '7' });
    expect(two.map((s) => [s.name, new URL(s.connectionString).host, s.max])).toEqual([['replica-1', 'r1:5432', 7], ['replica-2', 'r2:5433', 7]]);
    const parts = replicaPoolSettings({ RUVECTOR_REPLICA_HOSTS: 'r1,r2:6000', RUVECTOR_DB: 'mem', RUVECTOR_USER: 'u', RUVECTOR_PASSWORD: 'p w' });
    expect(parts.map((s) => new URL(s.connectionString).host)).toEqual(['r1:5432', 'r2:6000']);
    expect(new URL(parts[0].connectionString).pathname).toBe('/mem');
    expect(() => replicaPoolSettings({ REPLICA_DATABASE_URL: 'mysql://x' })).toThrow(/REPLICA_DATABASE_URL \(replica 1\): expected a postgres:\/\//);
    expect(() => replicaMaxLagMs({ REPLICA_MAX_LAG_MS: 'soon' })).toThrow(/REPLICA_MAX_LAG_MS: expected a whole number/);
    expect(replicaPoolSettings({})).toEqual([]);
  });

  it('routes reads to the replica once it is in rotation; writes go to the primary and show up there after the lag', async () => {
    const { checkReplicas, readDb, readTarget } = await import('./replicas');
    const [r] = await checkReplicas();
    expect(r.reason).toBeNull();
    expect(r.inRotation).toBe(true);
    expect(readTarget()).toBe('replica-1');
    const { rows } = await readDb().query('SELECT inet_server_port() AS port, pg_is_in_recovery() AS standby');
    expect(rows[0]).toEqual({ port: rep.replica.port, standby: true });

    const { storeMemory, listMemories } = await import('@/lib/memories/memories');
    for (let i = 0; i < 5; i++) await storeMemory(actor, { namespace: 'rep', key: `k${i}`, value: `v${i}`, embedding: vec(i) });
    // The list reads the replica: it has the rows once replay caught up.
    await until('the replica replays the writes', async () => (await listMemories({ namespace: 'rep' })).total === 5);
    const { searchCollection } = await import('@/lib/search/search');
    const found = await searchCollection({ vector: vec(2), namespace: 'rep', limit: 1, min_similarity: 0, ef_search: 80 });
    expect(found.hits[0].row.key).toBe('k2');
  });

  it('?consistency=primary reads the primary; a wrong value is a 400 naming the field', async () => {
    const { readDb, withConsistency } = await import('./replicas');
    const port = await withConsistency('primary', async () => (await readDb().query('SELECT inet_server_port() AS port')).rows[0].port);
    expect(port).toBe(rep.primary.port);
    const err = await withConsistency('eventual', async () => 1).catch((e) => e);
    expect(err.status).toBe(400);
    expect(err.field).toBe('consistency');
    expect(err.message).toMatch(/must be replica or primary/);
  });

  it('the Health pools and the primary\'s pg_stat_replication show the replica with its lag', async () => {
    const { poolHealth } = await import('@/lib/health/pools');
    const { primaryReplication } = await import('./replicas');
    const pools = await poolHealth();
    const replica = pools.find((p) => p.name === 'replica-1')!;
    expect(replica.status).toBe('healthy');
    expect(replica.replica?.inRotation).toBe(true);
    expect(typeof replica.replica?.lagMs).toBe('number');
    const standbys = await primaryReplication();
    expect(standbys).toHaveLength(1);
    expect(standbys[0].state).toBe('streaming');
    const { prometheusText } = await import('@/lib/metrics/exposition');
    const text = await prometheusText();
    expect(text).toMatch(/recall_replica_in_rotation\{pool="replica-1"\} 1/);
    expect(text).toMatch(/recall_replica_lag_seconds\{pool="replica-1"\} [\d.]+/);
  });

  it('a replica lagging beyond REPLICA_MAX_LAG_MS leaves the rotation, reads see the primary, and it comes back once caught up', async () => {
    const { checkReplicas, readTarget } = await import('./replicas');
    const { storeMemory, listMemories } = await import('@/lib/memories/memories');
    const replica = new pg.Client({ connectionString: rep.replica.url('recall') });
    await replica.connect();
    try {
      await replica.query('SELECT pg_wal_replay_pause()');
      await storeMemory(actor, { namespace: 'rep', key: 'late', value: 'written while replay is paused', embedding: vec(9) });
      // Nothing replays now, so the lag grows past the 2 s limit.
      await until('the lag check takes the replica out', async () => !(await checkReplicas())[0].inRotation, 100);
      const [r] = await checkReplicas();
      expect(r.reason).toMatch(/lags \d+ ms behind the primary \(REPLICA_MAX_LAG_MS=2000\)/);
      expect(readTarget()).toBe('project');
      expect((await listMemories({ namespace: 'rep' })).total).toBe(6); // the primary has it
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()');
      await replica.end();
    }
    await until('the replica is back in rotation', async () => (await checkReplicas())[0].inRotation);
    expect(readTarget()).toBe('replica-1');
    expect((await listMemories({ namespace: 'rep' })).total).toBe(6);
  });

  it('a caller who wrote reads its own write from the primary until a replica has replayed it; other callers keep the replica', async () => {
    const { checkReplicas, withCaller, readTargetForCaller } = await import('./replicas');
    const { recordWrite, parseLsn } = await import('./read-floor');
    const { storeMemory, listMemories } = await import('@/lib/memories/memories');
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) | 0xB374D848n);
    await until('in rotation', async () => (await checkReplicas())[0].inRotation);
    const replica = new pg.Client({ connectionString: rep.replica.url('recall') });
    await replica.connect();
    // Paused replay, but a lag limit it cannot reach in this test: the replica stays in rotation, stale.
    process.env.REPLICA_MAX_LAG_MS = '600000';
    try {
      await replica.query('SELECT pg_wal_replay_pause()');
      await until('replay is paused', async () => (await replica.query('SELECT pg_get_wal_replay_pause_state() AS s')).rows[0].s === 'paused');
      await storeMemory(actor, { namespace: 'ryw', key: 'mine', value: 'written while replay is paused', embedding: vec(11) });
      await recordWrite('user:writer');
      expect((await checkReplicas())[0].inRotation).toBe(true);
      expect(await withCaller('user:writer', readTargetForCaller)).toBe('project');
      expect((await withCaller('user:writer', () => listMemories({ namespace: 'ryw' }))).total).toBe(1);
      // Someone who did not write still reads the (stale) replica.
      expect(await withCaller('user:other', readTargetForCaller)).toBe('replica-1');
      expect((await withCaller('user:other', () => listMemories({ namespace: 'ryw' }))).total).toBe(0);
      // A search is a POST but writes nothing: a read token's searches leave it on the replica.
      const { createUser } = await import('@/lib/users/users');
      const { createToken } = await import('@/lib/tokens/tokens');
      const search = await import('@/app/api/v1/memories/search/route');
      const creator = await createUser(null, { email: 'searcher@example.com', name: 'searcher', role: 'viewer', password: 'a-long-enough-password-1' });
      const { token, summary } = await createToken({ id: creator.id, email: creator.email }, { name: 'searcher', scope: 'read' });
      const res = await search.POST(new Request('http://x/api/v1/memories/search', {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ vector: vec(11), namespace: 'ryw', limit: 1, min_similarity: 0, explain: false }),
      }), {});
      expect(res.status).toBe(200);
      expect((await res.json()).hits).toEqual([]); // the stale replica answered
      expect(await withCaller(`token:${summary.id}`, readTargetForCaller)).toBe('replica-1');
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()');
      await replica.end();
      process.env.REPLICA_MAX_LAG_MS = '2000';
    }
    await until('the writer reads the replica again once it has replayed the write', async () => {
      await checkReplicas();
      return (await withCaller('user:writer', readTargetForCaller)) === 'replica-1';
    });
    expect((await withCaller('user:writer', () => listMemories({ namespace: 'ryw' }))).total).toBe(1);
  });

  it('the replica stopped mid-run: every read still answers (from the primary), and it rejoins when restarted', async () => {
    const { checkReplicas, readTarget, replicas } = await import('./replicas');
    const { listMemories } = await import('@/lib/memories/memories');
    const { searchCollection } = await import('@/lib/search/search');
    await until('in rotation', async () => (await checkReplicas())[0].inRotation);
    const errors: unknown[] = [];
    let answered = 0;
    let stop = false;
    const reader = async () => {
      while (!stop) {
        try {
          const [list, found] = await Promise.all([
            listMemories({ namespace: 'rep' }),
            searchCollection({ vector: vec(1), namespace: 'rep', limit: 2, min_similarity: 0, ef_search: 60 }),
          ]);
          expect(list.total).toBe(6);
          expect(found.hits[0].row.key).toBe('k1');
          answered++;
        } catch (err) {
          errors.push(err);
        }
      }
    };
    const readers = [reader(), reader(), reader()];
    await until('reads are flowing', () => answered >= 5);
    const before = answered;
    rep.replica.stop('immediate');
    await until('reads keep flowing after the stop', () => answered >= before + 20);
    stop = true;
    await Promise.all(readers);
    expect(errors).toEqual([]);
    expect(replicas()[0].inRotation).toBe(false);
    expect(replicas()[0].reason).toMatch(/unreachable/);
    expect(readTarget()).toBe('project');

    rep.replica.start();
    await until('the restarted replica rejoins', async () => (await checkReplicas())[0].inRotation);
    expect(readTarget()).toBe('replica-1');
  });
});

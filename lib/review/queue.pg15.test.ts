// The review queue on a real multi-connection server (the machine's PostgreSQL 15): reviewers claim
// at the same moment on separate sessions, so FOR UPDATE SKIP LOCKED is what keeps them apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNativeDatabase, probeNativeServer, skipNotice } from '@/lib/testing/database';
import { projectPool } from '@/lib/db/pools';
import { migrate } from '@/lib/db/migrator';

const native = await probeNativeServer();
const skip = skipNotice('review queue on PostgreSQL 15', native.missingVector);

let db: Awaited<ReturnType<typeof createNativeDatabase>>;
const N = 60;

beforeAll(async () => {
  if (skip) return;
  db = await createNativeDatabase('recall_review');
  process.env.DATABASE_URL = db.url;
  process.env.PROJECT_POOL_MAX = '12';
  const pool = projectPool();
  await migrate(pool);
  await pool.query(
    `INSERT INTO generations (id, artifact_type, name, content, quality_score, created_at)
     SELECT 'g' || g, 'agent', 'gen ' || g, 'content', 0.9, NOW() - make_interval(secs => g) FROM generate_series(1, $1) g`,
    [N],
  );
});
afterAll(async () => {
  if (skip) return;
  await projectPool().end();
  await db.drop();
});

describe.skipIf(skip)('review queue on PostgreSQL 15', () => {
  it("a claimer's lock on a generation does not hold up a reviewer submitting it (the two used to deadlock)", async () => {
    const { createUser } = await import('@/lib/users/users');
    const { CANDIDATE_LOCK, claimNext, submitReview } = await import('./queue');
    await projectPool().query(`INSERT INTO generations (id, artifact_type, name, content, quality_score) VALUES ('lock-probe', 'agent', 'probe', 'c', 0.9)`);
    const u = await createUser(null, { email: 'lock@example.com', role: 'reviewer', password: 'reviewer-password' });
    const reviewer = { id: u.id, email: u.email };
    const item = await claimNext(reviewer);
    expect(item?.generationId).toBe('lock-probe'); // the newest generation comes first
    // Another claimer's statement holding the lock claimNext takes on that generation.
    const claimer = await projectPool().connect();
    try {
      await claimer.query('BEGIN');
      await claimer.query(`SELECT g.id FROM generations g WHERE g.id = $1 ${CANDIDATE_LOCK}`, ['lock-probe']);
      const submitted = submitReview(reviewer, 'lock-probe', { rating: 5 });
      const outcome = await Promise.race([submitted.then(() => 'submitted'), new Promise((r) => setTimeout(() => r('blocked'), 5000))]);
      await claimer.query('ROLLBACK');
      await submitted;
      expect(outcome).toBe('submitted');
    } finally {
      claimer.release();
      await projectPool().query(`DELETE FROM generations WHERE id = 'lock-probe'`); // its feedback and claim go with it
    }
  });

  it('six reviewers claiming at once: distinct claims, every item reviewed exactly once', async () => {
    const { createUser } = await import('@/lib/users/users');
    const { claimNext, submitReview } = await import('./queue');
    const reviewers = [];
    for (let i = 0; i < 6; i++) {
      const u = await createUser(null, { email: `pg${i}@example.com`, role: 'reviewer', password: 'reviewer-password' });
      reviewers.push({ id: u.id, email: u.email });
    }
    // First round: all six claim in the same instant and must get six different items.
    const firstClaims = await Promise.all(reviewers.map((r) => claimNext(r)));
    expect(new Set(firstClaims.map((c) => c!.generationId)).size).toBe(6);
    const reviewed: string[] = [];
    await Promise.all(reviewers.map(async (r, i) => {
      let item = firstClaims[i];
      while (item) {
        reviewed.push(item.generationId);
        await submitReview(r, item.generationId, { rating: 4 });
        item = await claimNext(r);
      }
    }));
    expect(reviewed.length).toBe(N);
    expect(new Set(reviewed).size).toBe(N);
    const { rows } = await projectPool().query('SELECT count(*)::int AS n, count(DISTINCT generation_id)::int AS d FROM feedback');
    expect(rows[0]).toEqual({ n: N, d: N });
  });
});

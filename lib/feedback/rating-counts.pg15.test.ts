// Rating and generation counts under concurrent writers on a real multi-connection server (native PostgreSQL):
// reviewers on several instances rate, edit and withdraw at once while generations are re-labelled,
// re-dated, re-priced and deleted, while two instances fold the changes into the totals, and the counts still equal an
// aggregate over the feedback left behind, with no deadlock.
import { describe, expect, it } from 'vitest';
import { projectPool } from '@/lib/db/pools';
import { probeNativeServer, skipNotice, testPool } from '@/lib/testing/database';
import { useNativeProjectDatabase } from '@/lib/testing/native-project';
import { compactRatingCounts } from './rating-counts';
import { ratingsFromCounts, ratingsFromFeedback, roundedForComparison } from '@/lib/testing/rating-reference';

const WRITERS = 6;
const ROUNDS = 60;
const skip = skipNotice('rating counts with concurrent writers', (await probeNativeServer()).missingVector);

describe.skipIf(skip)('rating counts with concurrent writers', () => {
  const db = useNativeProjectDatabase('recall_rating_counts', { poolMax: 4 });

  it('stay exact when writers touch the same keys at once', async () => {
    await projectPool().query(`INSERT INTO templates (id, artifact_type, name, content) VALUES ('tp1', 'agent', 'planner', 'x'), ('tp2', 'agent', 'coder', 'x')`);
    await projectPool().query(`INSERT INTO generations (id, artifact_type, name, content, provider, model, template_id, created_at)
      SELECT 'g' || i, 'agent', 'g', 'x', (ARRAY['openai', 'anthropic'])[i % 2 + 1], 'm' || (i % 3), (ARRAY['tp1', 'tp2', NULL])[i % 3 + 1], NOW()
      FROM generate_series(1, 60) i`);
    const pools = Array.from({ length: WRITERS }, () => testPool(db.url, { max: 1 }));
    const failures: string[] = [];
    let writing = true;
    let folded = 0;
    // Two instances' background compactions, racing the writers and each other.
    const compactors = [0, 1].map(async () => {
      const pool = testPool(db.url, { max: 1 });
      try {
        while (writing) folded += await compactRatingCounts(pool);
      } finally {
        await pool.end();
      }
    });
    try {
      await Promise.all(pools.map(async (pool, w) => {
        for (let r = 0; r < ROUNDS; r++) {
          // Most rounds on a hot dozen generations that other writers re-label at the same moment.
          const g = r % 4 === 3 ? `g${13 + ((w * 7 + r) % 48)}` : `g${((w * 5 + r) % 12) + 1}`;
          const other = `g${((w * 5 + r + 1) % 12) + 1}`;
          try {
            // Every writer hits the same few (day, rating, model) keys; some in multi-row statements.
            await pool.query(`INSERT INTO feedback (id, generation_id, rating) SELECT $1 || '-' || k, $2, (k + $3) % 5 + 1 FROM generate_series(1, 3) k`, [`w${w}r${r}`, g, r]);
            if (r % 4 === 1) await pool.query(`UPDATE feedback SET rating = 6 - rating WHERE id LIKE $1`, [`w${w}r${r - 1}-%`]);
            if (r % 5 === 2) await pool.query(`DELETE FROM feedback WHERE id = $1`, [`w${w}r${r - 1}-1`]);
            if (r % 2 === 0) await pool.query(`UPDATE generations SET model = 'm' || ($2::int % 3) WHERE id = $1`, [other, r + w]);
            if (r % 3 === 1) await pool.query(`UPDATE generations SET cost = coalesce(cost, 0) + 0.5, created_at = created_at - interval '1 day' WHERE id = $1`, [other]);
            if (r % 4 === 3) await pool.query(`DELETE FROM generations WHERE id = $1`, [g]);
          } catch (err) {
            // A generation deleted by another writer a moment earlier: the foreign key refuses the rating.
            if ((err as { code?: string }).code !== '23503') failures.push((err as Error).message);
          }
        }
      }));
    } finally {
      writing = false;
      await Promise.all(pools.map((p) => p.end()));
      await Promise.all(compactors);
    }
    expect(failures).toEqual([]);
    expect(folded).toBeGreaterThan(0);
    const { rows } = await projectPool().query('SELECT count(*)::int AS n FROM feedback');
    expect(rows[0].n).toBeGreaterThan(WRITERS * ROUNDS);
    const expected = roundedForComparison(await ratingsFromFeedback());
    expect(roundedForComparison(await ratingsFromCounts())).toEqual(expected);
    await compactRatingCounts(projectPool());
    expect(roundedForComparison(await ratingsFromCounts())).toEqual(expected);
  });
});

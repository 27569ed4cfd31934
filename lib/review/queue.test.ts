// The review queue: concurrent reviewers each get distinct items, every item is reviewed exactly once,
// expired leases come back, a stale claim is refused; and the rating rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { projectPool } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { createUser } from '@/lib/users/users';
import { addFeedback, editFeedback, removeFeedback } from '@/lib/feedback/feedback';
import { claimNext, getRules, queueStatus, releaseClaim, setRules, skipItem, submitReview } from './queue';

let engine: EmbeddedEngine;
const reviewers: { id: string; email: string }[] = [];
let admin: { id: string; email: string };
const N = 24;

async function addGenerations(prefix: string, n: number, quality = 0.9) {
  await projectPool().query(
    `INSERT INTO generations (id, artifact_type, name, content, quality_score, created_at)
     SELECT $1 || g, 'agent', 'gen ' || g, 'content ' || g, $3, NOW() - make_interval(secs => g) FROM generate_series(1, $2) g`,
    [prefix, n, quality],
  );
}

beforeAll(async () => {
  engine = await startTestDatabase();
  for (let i = 0; i < 4; i++) {
    const u = await createUser(null, { email: `r${i}@example.com`, role: 'reviewer', password: 'reviewer-password' });
    reviewers.push({ id: u.id, email: u.email });
  }
  const a = await createUser(null, { email: 'admin@example.com', role: 'admin', password: 'admin-password-1' });
  admin = { id: a.id, email: a.email };
  await addGenerations('q-', N);
});
afterAll(async () => stopTestDatabase(engine));

describe('review queue under concurrency', () => {
  it('four reviewers claiming at once review every item exactly once', async () => {
    const seen: string[][] = reviewers.map(() => []);
    await Promise.all(reviewers.map(async (r, i) => {
      for (;;) {
        const item = await claimNext(r);
        if (!item) return;
        seen[i].push(item.generationId);
        await submitReview(r, item.generationId, { rating: 4 });
      }
    }));
    const all = seen.flat();
    expect(all.length).toBe(N);
    expect(new Set(all).size).toBe(N);
    const { rows } = await projectPool().query("SELECT generation_id, count(*)::int AS n FROM feedback WHERE generation_id LIKE 'q-%' GROUP BY 1");
    expect(rows.length).toBe(N);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect((await queueStatus(reviewers[0].id)).remaining).toBe(0);
    expect(seen.filter((s) => s.length > 0).length).toBeGreaterThan(1);
  });
});

describe('leases and claims', () => {
  it('gives the same item back to its holder, and never to another reviewer while leased', async () => {
    await addGenerations('l-', 2);
    const [a, b] = reviewers;
    const first = await claimNext(a);
    expect((await claimNext(a))!.generationId).toBe(first!.generationId);
    const other = await claimNext(b);
    expect(other!.generationId).not.toBe(first!.generationId);
    await submitReview(a, first!.generationId, { rating: 5 });
    await submitReview(b, other!.generationId, { rating: 5 });
  });

  it('renews the holder\'s lease on every claim, even one that ran out while nobody took it', async () => {
    await addGenerations('r-', 1);
    const [a] = reviewers;
    const item = await claimNext(a);
    const lease = async () => (await projectPool().query<{ left: number }>(
      'SELECT extract(epoch FROM lease_until - NOW())::float8 AS left FROM recall.review_claims WHERE generation_id = $1', [item!.generationId])).rows[0].left;
    await projectPool().query("UPDATE recall.review_claims SET lease_until = NOW() + interval '3 seconds' WHERE generation_id = $1", [item!.generationId]);
    const again = await claimNext(a);
    expect(again!.generationId).toBe(item!.generationId);
    expect(again!.leaseUntil.getTime() - Date.now()).toBeGreaterThan(4 * 60_000);
    expect(await lease()).toBeGreaterThan(4 * 60);
    await projectPool().query("UPDATE recall.review_claims SET lease_until = NOW() - interval '10 seconds' WHERE generation_id = $1", [item!.generationId]);
    expect((await claimNext(a))!.generationId).toBe(item!.generationId);
    expect(await lease()).toBeGreaterThan(4 * 60);
    await submitReview(a, item!.generationId, { rating: 5 });
  });

  it('returns an abandoned claim to the queue when its lease expires, and refuses the stale submit', async () => {
    await addGenerations('e-', 1);
    const [a, b] = reviewers;
    const item = await claimNext(a);
    await projectPool().query("UPDATE recall.review_claims SET lease_until = NOW() - interval '1 second' WHERE generation_id = $1", [item!.generationId]);
    const taken = await claimNext(b);
    expect(taken!.generationId).toBe(item!.generationId);
    await expect(submitReview(a, item!.generationId, { rating: 3 })).rejects.toThrow(
      `Your claim on this item expired and ${b.email} is reviewing it now; your rating was not saved.`,
    );
    const { rows } = await projectPool().query('SELECT count(*)::int AS n FROM feedback WHERE generation_id = $1', [item!.generationId]);
    expect(rows[0].n).toBe(0);
    await submitReview(b, item!.generationId, { rating: 3 });
  });

  it('skips an item for that reviewer only; an admin can release a claim', async () => {
    await addGenerations('s-', 1);
    const [a, b] = reviewers;
    const item = await claimNext(a);
    await skipItem(a, item!.generationId);
    expect(await claimNext(a)).toBeNull();
    const forB = await claimNext(b);
    expect(forB!.generationId).toBe(item!.generationId);
    await releaseClaim(admin, item!.generationId);
    await expect(submitReview(b, item!.generationId, { rating: 4 })).rejects.toThrow(/was released/);
  });

  it('asks for a second opinion after a low rating, from someone else', async () => {
    await projectPool().query('DELETE FROM recall.review_claims');
    await projectPool().query("DELETE FROM recall.review_skips");
    await addGenerations('f-', 1);
    await setRules(admin, { includeUnrated: true, lowQuality: 0.5, lowRating: 2 });
    const [a, b] = reviewers;
    let item = await claimNext(a);
    while (item && !item.generationId.startsWith('f-') && !item.generationId.startsWith('s-')) {
      await submitReview(a, item.generationId, { rating: 4 });
      item = await claimNext(a);
    }
    const target = item!.generationId;
    await submitReview(a, target, { rating: 1, comment: 'Wrong tool chosen.' });
    const ids: string[] = [];
    for (let next = await claimNext(a); next; next = await claimNext(a)) {
      ids.push(next.generationId);
      await skipItem(a, next.generationId);
    }
    expect(ids).not.toContain(target);
    let second = await claimNext(b);
    while (second && second.generationId !== target) {
      await skipItem(b, second.generationId);
      second = await claimNext(b);
    }
    expect(second!.generationId).toBe(target);
  });
});

describe('rating rules', () => {
  it.each([
    [{ rating: 0 }, 'rating: must be a whole number from 1 to 5'],
    [{ rating: 6 }, 'rating: must be a whole number from 1 to 5'],
    [{ rating: 2.5 }, 'rating: must be a whole number from 1 to 5'],
    [{ rating: 'great' }, 'rating: must be a whole number from 1 to 5'],
    [{ rating: 4, comment: '   ' }, 'comment: must not be blank (leave it out instead)'],
    [{ rating: 4, comment: 'x'.repeat(2001) }, 'comment: at most 2000 characters'],
  ])('%o → %s, nothing written', async (input, message) => {
    const before = (await projectPool().query('SELECT count(*)::int AS n FROM feedback')).rows[0].n;
    await expect(addFeedback(reviewers[0], 'q-1', input)).rejects.toThrow(message);
    expect((await projectPool().query('SELECT count(*)::int AS n FROM feedback')).rows[0].n).toBe(before);
  });

  it('the database refuses a rating outside 1–5 too', async () => {
    await expect(projectPool().query("INSERT INTO feedback (id, generation_id, rating) VALUES ('x', 'q-1', 7)")).rejects.toThrow(/rating_check/);
  });

  it('refuses feedback on a generation that does not exist', async () => {
    await expect(addFeedback(reviewers[0], 'nope', { rating: 3 })).rejects.toThrow('generation: no generation "nope"');
  });

  it('a reviewer edits and withdraws their own; only an admin removes another’s', async () => {
    const [a, b] = reviewers;
    const id = await addFeedback(a, 'q-2', { rating: 2, comment: 'meh' });
    await editFeedback(a, id, { rating: 3, comment: 'better on second read' });
    await expect(editFeedback(b, id, { rating: 5 })).rejects.toThrow('Only the reviewer who wrote this feedback may change it');
    await expect(removeFeedback(b, false, id)).rejects.toThrow('Only the reviewer who wrote this feedback may change it');
    await removeFeedback(admin, true, id);
    const { rows } = await projectPool().query("SELECT action FROM recall.audit_log WHERE action LIKE 'feedback.%' ORDER BY id DESC LIMIT 3");
    expect(rows.map((r) => r.action)).toEqual(['feedback.remove', 'feedback.edit', 'feedback.add']);
  });
});

describe('queue rules', () => {
  it.each([
    [{ lowQuality: 1.5 }, 'lowQuality: must be between 0 and 1'],
    [{ lowQuality: 'high' }, 'lowQuality: must be a number'],
    [{ lowRating: 0 }, 'lowRating: must be between 1 and 5'],
    [{ lowRating: 2.5 }, 'lowRating: must be a whole number'],
  ])('%o → %s, rules unchanged', async (input, message) => {
    const before = await getRules();
    await expect(setRules(admin, { includeUnrated: false, lowQuality: 0.3, lowRating: 3, ...input })).rejects.toThrow(message);
    expect(await getRules()).toEqual(before);
  });
});

// The review queue (Langfuse's annotation queues, with seed 003's claim pattern): a reviewer claims
// one generation at a time with FOR NO KEY UPDATE SKIP LOCKED and a lease, so two reviewers never hold the
// same item and an abandoned claim returns to the queue when its lease runs out.
import { z } from 'zod';
import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { ConflictError, NotFoundError, parseInput } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';
import { feedbackFor, feedbackInput, insertFeedback } from '@/lib/feedback/feedback';
import { getGeneration } from '@/lib/generations/generations';
import { numberBetween, wholeNumberBetween, storableText } from '@/lib/vector/validation';

export const LEASE_MINUTES = 5;

/** Which generations enter the queue; admins change them in the Review page. */
export const queueRules = z.object({
  includeUnrated: z.boolean().default(true),
  /** Quality scores below this are flagged for review. */
  lowQuality: numberBetween(0, 1).default(0.5),
  /** A rating at or below this asks for a second opinion. */
  lowRating: wholeNumberBetween(1, 5).default(2),
});
export type QueueRules = z.output<typeof queueRules>;
const RULES_KEY = 'review_rules';

export const getRules = traced('review.rules', async function getRules(db: Queryable = projectPool()): Promise<QueueRules> {
  const { rows } = await db.query('SELECT value FROM recall.settings WHERE key = $1', [RULES_KEY]);
  return queueRules.parse(rows[0]?.value ?? {});
});

export const setRules = traced('review.set_rules', async function setRules(actor: Actor, input: unknown) {
  const rules = parseInput(queueRules, input);
  await withTransaction(projectPool(), async (client) => {
    await client.query(
      `INSERT INTO recall.settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = NOW()`,
      [RULES_KEY, JSON.stringify(rules)],
    );
    await recordAudit(client, actor, 'review.rules', 'review queue', rules);
  });
  return rules;
});

/** The queue condition, for generation alias g; $1..$3 are the rules. */
const IN_QUEUE = `(
  ($1::boolean AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.generation_id = g.id))
  OR ((g.quality_score < $2 OR EXISTS (SELECT 1 FROM feedback f WHERE f.generation_id = g.id AND f.rating <= $3))
      AND (SELECT count(*) FROM feedback f WHERE f.generation_id = g.id) < 2))`;

const generationInput = (generationId: unknown) =>
  parseInput(z.object({ generation: storableText('must be text').min(1, 'required') }), { generation: generationId }).generation;

const ruleParams = (r: QueueRules) => [r.includeUnrated, r.lowQuality, r.lowRating];

/**
 * The lock a claimer takes on its candidate generation. NO KEY UPDATE, not UPDATE: claimers still
 * exclude each other, but a reviewer submitting feedback on that generation (whose foreign-key check
 * takes KEY SHARE on it) is not held up. With FOR UPDATE, a claimer working from a stale snapshot locked
 * the generation and then waited for the claim row the submitting reviewer held, while that reviewer
 * waited for the generation: a deadlock (CI caught it on PostgreSQL 15).
 */
export const CANDIDATE_LOCK = 'FOR NO KEY UPDATE OF g';

export interface ClaimedItem {
  generationId: string;
  leaseUntil: Date;
}

/**
 * The reviewer's current item: the one they already hold (its lease renewed), or the next free one,
 * claimed for LEASE_MINUTES. Null when the queue has nothing left for them.
 */
export const claimNext = traced('review.claim', async function claimNext(reviewer: Actor & { id: string }): Promise<ClaimedItem | null> {
  const rules = await getRules();
  return withTransaction(projectPool(), async (client) => {
    // The item they hold, with a fresh lease, so a reviewer never starts on one with seconds left;
    // their own expired claim that nobody took since is theirs again too.
    const held = await client.query(
      `UPDATE recall.review_claims SET lease_until = NOW() + make_interval(mins => $2)
       WHERE generation_id = (SELECT generation_id FROM recall.review_claims WHERE reviewer_id = $1 ORDER BY claimed_at LIMIT 1 FOR UPDATE)
         AND reviewer_id = $1
       RETURNING generation_id, lease_until`,
      [reviewer.id, LEASE_MINUTES],
    );
    if (held.rows[0]) return { generationId: held.rows[0].generation_id, leaseUntil: held.rows[0].lease_until };
    // Under concurrency a candidate can be claimed by another reviewer between this statement's
    // snapshot and its insert (the insert then does nothing); the next statement sees that claim.
    for (let attempt = 0; attempt < 10; attempt++) {
      const { rows } = await client.query(
        `WITH candidate AS (
           SELECT g.id FROM generations g
           WHERE ${IN_QUEUE}
             AND NOT EXISTS (SELECT 1 FROM recall.review_claims c WHERE c.generation_id = g.id AND c.lease_until > NOW())
             AND NOT EXISTS (SELECT 1 FROM feedback f WHERE f.generation_id = g.id AND f.user_id = $4)
             AND NOT EXISTS (SELECT 1 FROM recall.review_skips s WHERE s.generation_id = g.id AND s.reviewer_id = $4)
           ORDER BY g.created_at DESC, g.id
           LIMIT 1
           ${CANDIDATE_LOCK} SKIP LOCKED),
         claimed AS (
           INSERT INTO recall.review_claims AS c (generation_id, reviewer_id, lease_until)
           SELECT id, $4, NOW() + make_interval(mins => $5) FROM candidate
           ON CONFLICT (generation_id) DO UPDATE SET reviewer_id = EXCLUDED.reviewer_id, claimed_at = NOW(), lease_until = EXCLUDED.lease_until
             WHERE c.lease_until <= NOW()
           RETURNING generation_id, lease_until)
         SELECT (SELECT count(*) FROM candidate)::int AS candidates, claimed.generation_id, claimed.lease_until
         FROM (SELECT 1) AS one LEFT JOIN claimed ON true`,
        [...ruleParams(rules), reviewer.id, LEASE_MINUTES],
      );
      if (rows[0].generation_id) return { generationId: rows[0].generation_id, leaseUntil: rows[0].lease_until };
      if (rows[0].candidates === 0) return null;
    }
    return null;
  });
});

/** Checks the reviewer still holds the claim; a claim that passed to someone else is refused. */
async function holdClaim(db: Queryable, reviewer: Actor & { id: string }, generationId: string) {
  const { rows } = await db.query(
    `SELECT c.reviewer_id, c.lease_until, u.email FROM recall.review_claims c JOIN recall.users u ON u.id = c.reviewer_id
     WHERE c.generation_id = $1 FOR UPDATE OF c`,
    [generationId],
  );
  const claim = rows[0];
  if (!claim) throw new ConflictError('Your claim on this item was released (its lease ran out or an admin released it); nothing was saved. Take the next item.');
  if (claim.reviewer_id !== reviewer.id) {
    throw new ConflictError(`Your claim on this item expired and ${claim.email} is reviewing it now; your rating was not saved.`);
  }
}

export const submitReview = traced('review.submit', async function submitReview(reviewer: Actor & { id: string }, generationId: unknown, input: unknown) {
  const data = parseInput(feedbackInput, input);
  const id = generationInput(generationId);
  return withTransaction(projectPool(), async (client) => {
    await holdClaim(client, reviewer, id);
    const feedbackId = await insertFeedback(client, reviewer, id, data);
    await client.query('DELETE FROM recall.review_claims WHERE generation_id = $1', [id]);
    return feedbackId;
  });
});

export const skipItem = traced('review.skip', async function skipItem(reviewer: Actor & { id: string }, generationId: unknown) {
  const id = generationInput(generationId);
  await withTransaction(projectPool(), async (client) => {
    await holdClaim(client, reviewer, id);
    await client.query('INSERT INTO recall.review_skips (generation_id, reviewer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, reviewer.id]);
    await client.query('DELETE FROM recall.review_claims WHERE generation_id = $1', [id]);
  });
});

export const releaseClaim = traced('review.release', async function releaseClaim(admin: Actor, generationId: unknown) {
  const id = generationInput(generationId);
  await withTransaction(projectPool(), async (client) => {
    const { rowCount } = await client.query('DELETE FROM recall.review_claims WHERE generation_id = $1', [id]);
    if (!rowCount) throw new NotFoundError('generation: nobody holds a claim on it');
    await recordAudit(client, admin, 'review.release', id);
  });
});

export const reassignClaim = traced('review.reassign', async function reassignClaim(admin: Actor, generationId: unknown, reviewerId: unknown) {
  const input = { generation: generationInput(generationId), ...parseInput(z.object({ reviewer: z.uuid({ error: 'must be a reviewer' }) }), { reviewer: reviewerId }) };
  await withTransaction(projectPool(), async (client) => {
    const r = await client.query("SELECT email FROM recall.users WHERE id = $1 AND disabled_at IS NULL AND role IN ('reviewer', 'admin')", [input.reviewer]);
    if (!r.rows[0]) throw new NotFoundError('reviewer: no active reviewer or admin with that id');
    const { rowCount } = await client.query(
      'UPDATE recall.review_claims SET reviewer_id = $2, claimed_at = NOW(), lease_until = NOW() + make_interval(mins => $3) WHERE generation_id = $1',
      [input.generation, input.reviewer, LEASE_MINUTES],
    );
    if (!rowCount) throw new NotFoundError('generation: nobody holds a claim on it');
    await recordAudit(client, admin, 'review.reassign', input.generation, { to: r.rows[0].email });
  });
});

export const queueStatus = traced('review.status', async function queueStatus(reviewerId?: string) {
  const pool = projectPool();
  const rules = await getRules(pool);
  const [remaining, today, claims] = await Promise.all([
    pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM generations g WHERE ${IN_QUEUE}`, ruleParams(rules)),
    pool.query(
      `SELECT u.id, u.email, count(*)::int AS reviewed FROM feedback f JOIN recall.users u ON u.id = f.user_id
       WHERE f.created_at >= date_trunc('day', NOW()::timestamp) GROUP BY u.id, u.email ORDER BY reviewed DESC`,
    ),
    pool.query(
      `SELECT c.generation_id, c.claimed_at, c.lease_until, c.lease_until < NOW() AS expired, u.id AS reviewer_id, u.email, g.name
       FROM recall.review_claims c JOIN recall.users u ON u.id = c.reviewer_id JOIN generations g ON g.id = c.generation_id
       ORDER BY c.claimed_at`,
    ),
  ]);
  return {
    rules,
    remaining: remaining.rows[0].n,
    doneToday: today.rows.find((r) => r.id === reviewerId)?.reviewed ?? 0,
    reviewers: today.rows as { id: string; email: string; reviewed: number }[],
    claims: claims.rows as { generation_id: string; claimed_at: Date; lease_until: Date; expired: boolean; reviewer_id: string; email: string; name: string }[],
  };
});

export type QueueStatus = Awaited<ReturnType<typeof queueStatus>>;

export interface ReviewItem {
  id: string;
  name: string;
  artifactType: string;
  description: string | null;
  content: string;
  qualityScore: number | null;
  provider: string | null;
  model: string | null;
  leaseUntil: string;
  /** Seconds of the lease left when the server answered: the browser counts down from its own clock. */
  leaseSeconds: number;
  earlier: { rating: number; comment: string | null; email: string | null }[];
}

/** What a reviewer sees: their claimed item (if the queue has one) and the queue's counts. */
export interface ReviewerView {
  item: ReviewItem | null;
  status: Pick<QueueStatus, 'remaining' | 'doneToday' | 'reviewers'>;
}

/** Claims the reviewer's next item; also returns the whole queue status (claims, rules) for admins. */
export async function reviewerView(reviewer: Actor & { id: string }): Promise<{ view: ReviewerView; queue: QueueStatus }> {
  const claim = await claimNext(reviewer);
  const queue = await queueStatus(reviewer.id);
  let item: ReviewItem | null = null;
  if (claim) {
    const g = await getGeneration(claim.generationId);
    const earlier = await feedbackFor(claim.generationId);
    item = {
      id: g.id, name: g.name, artifactType: g.artifact_type, description: g.description, content: g.content,
      qualityScore: g.quality_score, provider: g.provider, model: g.model, leaseUntil: claim.leaseUntil.toISOString(),
      leaseSeconds: Math.max(0, Math.round((claim.leaseUntil.getTime() - Date.now()) / 1000)),
      earlier: earlier.map((f) => ({ rating: f.rating, comment: f.comment, email: f.userEmail })),
    };
  }
  return { view: { item, status: { remaining: queue.remaining, doneToday: queue.doneToday, reviewers: queue.reviewers } }, queue };
}

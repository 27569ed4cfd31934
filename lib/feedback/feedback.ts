// Feedback on generations (seed 002): a rating 1–5 and an optional comment. Reviewers and admins
// give it; reviewers edit or withdraw their own; admins may remove anyone's. All of it audited.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { storableText, decimal, numberInput } from '@/lib/vector/validation';
import { projectPool, withTransaction, type Queryable } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { ForbiddenError, NotFoundError, parseInput } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';
import { COMMENT_MAX } from '@/lib/feedback/rules';

export { COMMENT_MAX };

export const feedbackInput = z.object({
  rating: decimal(numberInput('must be a whole number from 1 to 5')
    .int('must be a whole number from 1 to 5')
    .min(1, 'must be a whole number from 1 to 5')
    .max(5, 'must be a whole number from 1 to 5')),
  comment: z
    .string({ error: 'must be text' })
    .max(COMMENT_MAX, `at most ${COMMENT_MAX} characters`)
    .refine((c) => c.trim().length > 0, 'must not be blank (leave it out instead)')
    .nullish(),
});

export interface FeedbackRow {
  id: string;
  generationId: string;
  rating: number;
  comment: string | null;
  userId: string | null;
  userEmail: string | null;
  createdAt: Date;
  updatedAt: Date | null;
}

const toRow = (r: Record<string, unknown>): FeedbackRow => ({
  id: r.id as string, generationId: r.generation_id as string, rating: r.rating as number, comment: r.comment as string | null,
  userId: r.user_id as string | null, userEmail: r.email as string | null, createdAt: r.created_at as Date, updatedAt: r.updated_at as Date | null,
});

export const feedbackFor = traced('feedback.list', async function feedbackFor(generationId: string): Promise<FeedbackRow[]> {
  const { rows } = await projectPool().query(
    `SELECT f.*, u.email FROM feedback f LEFT JOIN recall.users u ON u.id = f.user_id
     WHERE f.generation_id = $1 ORDER BY f.created_at`,
    [generationId],
  );
  return rows.map(toRow);
});

async function requireGeneration(db: Queryable, id: unknown): Promise<string> {
  const genId = parseInput(z.object({ generation: storableText('required').min(1, 'required').max(200, 'at most 200 characters') }), { generation: id }).generation;
  const { rowCount } = await db.query('SELECT 1 FROM generations WHERE id = $1', [genId]);
  if (!rowCount) throw new NotFoundError(`generation: no generation "${genId}"`);
  return genId;
}

/** Inserts feedback inside the caller's transaction (the review queue uses it too). */
export async function insertFeedback(db: Queryable, actor: Actor & { id: string }, generationId: string, input: z.output<typeof feedbackInput>) {
  const id = `fb-${randomUUID()}`;
  await db.query('INSERT INTO feedback (id, generation_id, rating, comment, user_id) VALUES ($1, $2, $3, $4, $5)', [
    id, generationId, input.rating, input.comment?.trim() ?? null, actor.id,
  ]);
  await recordAudit(db, actor, 'feedback.add', generationId, { rating: input.rating });
  return id;
}

export const addFeedback = traced('feedback.add', async function addFeedback(actor: Actor & { id: string }, generationId: unknown, input: unknown) {
  const data = parseInput(feedbackInput, input);
  return withTransaction(projectPool(), async (client) => insertFeedback(client, actor, await requireGeneration(client, generationId), data));
});

/** The feedback row, locked, if the actor wrote it (or may act on anyone's: admins removing). */
async function lockFeedback(db: Queryable, actor: Actor, anyone: boolean, feedbackId: unknown) {
  const id = parseInput(z.object({ feedback: storableText('must be text').min(1, 'required').max(200) }), { feedback: feedbackId }).feedback;
  const { rows } = await db.query('SELECT id, generation_id, user_id FROM feedback WHERE id = $1 FOR UPDATE', [id]);
  if (!rows[0]) throw new NotFoundError('feedback: no such feedback');
  if (rows[0].user_id !== actor.id && !anyone) {
    throw new ForbiddenError('Only the reviewer who wrote this feedback may change it; admins may remove it.');
  }
  return rows[0] as { id: string; generation_id: string; user_id: string | null };
}

export const editFeedback = traced('feedback.edit', async function editFeedback(actor: Actor, feedbackId: unknown, input: unknown) {
  const data = parseInput(feedbackInput, input);
  await withTransaction(projectPool(), async (client) => {
    const row = await lockFeedback(client, actor, false, feedbackId);
    await client.query('UPDATE feedback SET rating = $2, comment = $3, updated_at = NOW() WHERE id = $1', [row.id, data.rating, data.comment?.trim() ?? null]);
    await recordAudit(client, actor, 'feedback.edit', row.generation_id, { feedback: row.id, rating: data.rating });
  });
});

export const removeFeedback = traced('feedback.remove', async function removeFeedback(actor: Actor, isAdmin: boolean, feedbackId: unknown) {
  await withTransaction(projectPool(), async (client) => {
    const row = await lockFeedback(client, actor, isAdmin, feedbackId);
    await client.query('DELETE FROM feedback WHERE id = $1', [row.id]);
    await recordAudit(client, actor, row.user_id === actor.id ? 'feedback.withdraw' : 'feedback.remove', row.generation_id, { feedback: row.id });
  });
});

// Who did what, when. Every write calls recordAudit inside the same transaction as the change,
// so the log and the data cannot disagree.
import { z } from 'zod';
import type { Prisma } from '@/lib/generated/prisma/client';
import { parseInput } from '@/lib/errors';
import { storableText } from '@/lib/vector/validation';
import { projectPool, type Queryable } from '@/lib/db/pools';
import { traced } from '@/lib/metrics/recorder';

export interface Actor {
  /** The user's id; null when the user behind an API token no longer exists. */
  id: string | null;
  email: string;
  /** Set when the change came through an API token: audited under the token and its creator. */
  token?: { id: string; name: string; prefix: string };
  /** A signed-in user's role, for checks deeper than the route's (admin-only tables). */
  role?: string;
}

/** A raw-SQL client (pg) or a Prisma transaction: the audit row joins whichever transaction the change is in. */
type AuditWriter = Queryable | Pick<Prisma.TransactionClient, '$executeRawUnsafe'>;

const INSERT_AUDIT =
  'INSERT INTO recall.audit_log (actor_id, actor_email, action, target, details, token_id) VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::uuid)';

export async function recordAudit(
  db: AuditWriter,
  actor: Actor | null,
  action: string,
  target: string | null,
  details: Record<string, unknown> = {},
) {
  const params = [actor?.id ?? null, actor?.email ?? null, action, target, JSON.stringify(details), actor?.token?.id ?? null];
  if ('query' in db) await db.query(INSERT_AUDIT, params);
  else await db.$executeRawUnsafe(INSERT_AUDIT, ...params);
}

export const AUDIT_PAGE_SIZE = 50;

const day = z.iso.date({ error: 'must be a date like 2026-01-31' }).optional();

/** Settings → Audit log filters, as they come from the URL; every one optional, all of them ANDed. */
export const auditFilter = z
  .object({
    user: storableText('must be text').trim().toLowerCase().max(320, 'at most 320 characters').optional(),
    action: storableText('must be text').trim().max(100, 'at most 100 characters').optional(),
    from: day,
    to: day,
    /** Keyset cursor: rows older than this id. */
    before: z.string().regex(/^[1-9]\d{0,18}$/, 'must be an audit entry id').optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'must not be before from', path: ['to'] });
export type AuditFilter = z.output<typeof auditFilter>;

/** Drops empty fields (an unfilled filter form sends them) before validation. */
export function auditFilterFrom(params: Record<string, string | string[] | undefined>) {
  const picked: Record<string, string> = {};
  for (const key of ['user', 'action', 'from', 'to', 'before']) {
    const v = params[key];
    if (typeof v === 'string' && v.trim() !== '') picked[key] = v;
  }
  return picked;
}

export interface AuditEntry {
  id: string;
  at: Date;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  token: { name: string; prefix: string } | null;
}

/**
 * Newest first, filtered by who (e-mail), what (action) and when (whole UTC days, `to` included).
 * Ordered by (at, id) and paged from the cursor row's own (at, id), so a date window far back reads
 * an index range instead of walking every newer id (indexes in sql/migrations/0016).
 */
export const listAudit = traced('audit.list', async function listAudit(input: unknown = {}, limit: number = AUDIT_PAGE_SIZE) {
  const f = parseInput(auditFilter, input);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => { params.push(value); where.push(sql.replace('?', `$${params.length}`)); };
  if (f.user) add('a.actor_email = ?', f.user);
  if (f.action) add('a.action = ?', f.action);
  if (f.from) add('a.at >= ?::timestamptz', `${f.from}T00:00:00Z`);
  if (f.to) add('a.at < ?::timestamptz', new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000).toISOString());
  if (f.before) add('(a.at, a.id) < (SELECT c.at, c.id FROM recall.audit_log c WHERE c.id = ?::bigint)', f.before);
  params.push(limit + 1);
  const { rows } = await projectPool().query<AuditEntry>(
    `SELECT a.id::text AS id, a.at, a.actor_id AS "actorId", a.actor_email AS "actorEmail", a.action, a.target, a.details,
            CASE WHEN t.id IS NULL THEN NULL ELSE json_build_object('name', t.name, 'prefix', t.prefix) END AS token
       FROM recall.audit_log a LEFT JOIN recall.api_tokens t ON t.id = a.token_id
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.at DESC, a.id DESC
      LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  return { rows: page, next: rows.length > limit ? page[page.length - 1].id : null };
});

/** Suggestions for the action filter (agents, sessions and maintenance add `agent.*`, `session.*`, `maintenance.*`). */
export const AUDIT_ACTIONS = [
  'collection.create', 'collection.drop', 'collection.import', 'duplicates.merge', 'feedback.add', 'feedback.edit',
  'memory.batch_store', 'memory.delete', 'memory.embed', 'memory.import', 'memory.purge_expired', 'namespace.delete',
  'review.reassign', 'review.release', 'review.rules', 'task.cancel', 'task.reassign', 'task.release', 'task.retry',
  'template.delete', 'template.promote', 'token.create', 'token.revoke', 'user.create', 'user.disable', 'user.enable',
  'user.password_reset', 'user.role', 'user.sign_out_everywhere',
] as const;

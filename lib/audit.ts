// Who did what, when. Every write calls recordAudit inside the same transaction as the change,
// so the log and the data cannot disagree.
import type { Prisma } from '@/lib/generated/prisma/client';
import { prisma, type Queryable } from '@/lib/db/pools';
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

export const listAudit = traced('audit.list', async function listAudit(page: number = 1) {
  const [rows, total] = await Promise.all([
    prisma().auditLog.findMany({
      orderBy: { id: 'desc' },
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: { token: { select: { name: true, prefix: true } } },
    }),
    prisma().auditLog.count(),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, id: r.id.toString() })),
    total,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
  };
});

// Who did what, when. Every write calls recordAudit inside the same transaction as the change,
// so the log and the data cannot disagree.
import type { Prisma } from '@/lib/generated/prisma/client';
import { prisma } from '@/lib/db/pools';

export interface Actor {
  id: string;
  email: string;
}

type AuditWriter = Pick<Prisma.TransactionClient, 'auditLog'>;

export async function recordAudit(
  tx: AuditWriter,
  actor: Actor | null,
  action: string,
  target: string | null,
  details: Record<string, unknown> = {},
) {
  await tx.auditLog.create({
    data: {
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
      action,
      target,
      details: details as Prisma.InputJsonValue,
    },
  });
}

export const AUDIT_PAGE_SIZE = 50;

export async function listAudit(page = 1) {
  const [rows, total] = await Promise.all([
    prisma().auditLog.findMany({
      orderBy: { id: 'desc' },
      skip: (page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
    prisma().auditLog.count(),
  ]);
  return {
    rows: rows.map((r) => ({ ...r, id: r.id.toString() })),
    total,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
  };
}

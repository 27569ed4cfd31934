// API tokens for internal dashboards and agents: `rcl_<prefix>_<secret>`, shown once, stored hashed.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { storableText } from '@/lib/vector/validation';
import { prisma } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { TOKEN_SCOPES, type TokenScope } from '@/lib/auth/roles';
import { NotFoundError, parseInput } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const createTokenInput = z.object({
  name: storableText('required').trim().min(1, 'required').max(100, 'at most 100 characters'),
  scope: z.enum(TOKEN_SCOPES, { error: `must be one of ${TOKEN_SCOPES.join(', ')}` }),
});

export interface TokenSummary {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: string | null;
}

export const listTokens = traced('tokens.list', async function listTokens(): Promise<TokenSummary[]> {
  const rows = await prisma().apiToken.findMany({ orderBy: { createdAt: 'desc' }, include: { creator: { select: { email: true } } } });
  return rows.map((t) => ({
    id: t.id, name: t.name, prefix: t.prefix, scope: t.scope as TokenScope, createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt, createdBy: t.creator?.email ?? null,
  }));
});

/** Creates a token and returns its secret, which is never shown again. */
export const createToken = traced('tokens.create', async function createToken(actor: Actor, input: unknown): Promise<{ token: string; summary: TokenSummary }> {
  const data = parseInput(createTokenInput, input);
  const prefix = randomBytes(4).toString('hex');
  const token = `rcl_${prefix}_${randomBytes(24).toString('base64url')}`;
  const row = await prisma().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { name: data.name, scope: data.scope, prefix, tokenHash: sha256(token), createdBy: actor.id ?? undefined },
    });
    await recordAudit(tx, actor, 'token.create', `${data.name} (${prefix})`, { scope: data.scope });
    return created;
  });
  return {
    token,
    summary: { id: row.id, name: row.name, prefix, scope: data.scope, createdAt: row.createdAt, lastUsedAt: null, revokedAt: null, createdBy: actor.email },
  };
});

export const revokeToken = traced('tokens.revoke', async function revokeToken(actor: Actor, id: unknown) {
  const tokenId = parseInput(z.object({ id: z.uuid({ error: 'must be a token id' }) }), { id }).id;
  await prisma().$transaction(async (tx) => {
    const t = await tx.apiToken.findUnique({ where: { id: tokenId } });
    if (!t) throw new NotFoundError('No such token.');
    if (t.revokedAt) return;
    await tx.apiToken.update({ where: { id: t.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, 'token.revoke', `${t.name} (${t.prefix})`);
    verified.delete(t.tokenHash);
  });
});

export interface TokenIdentity {
  tokenId: string;
  name: string;
  scope: TokenScope;
  /** Who created it: writes made with the token are audited in their name. */
  actor: Actor;
}

// last_used_at is written at most once a minute per token, so reads stay reads.
const LAST_USED_RESOLUTION_MS = 60_000;
// A verified token is trusted for a few seconds without asking the database again: API calls are
// the hot path. Revoking here takes effect at once; on another console instance within this TTL.
const VERIFIED_TTL_MS = 5_000;
// On globalThis: Next.js bundles route handlers and server actions separately, and a revocation in
// one must reach the cache the other reads.
const globalForTokens = globalThis as unknown as { __recallVerifiedTokens?: Map<string, { at: number; identity: TokenIdentity }> };
const verified = (globalForTokens.__recallVerifiedTokens ??= new Map());

export const verifyToken = traced('tokens.verify', async function verifyToken(token: string): Promise<TokenIdentity | null> {
  if (!/^rcl_[0-9a-f]{8}_[\w-]{20,}$/.test(token)) return null;
  const hash = sha256(token);
  const hit = verified.get(hash);
  if (hit && Date.now() - hit.at < VERIFIED_TTL_MS) return hit.identity;
  const identity = await lookupToken(hash);
  if (identity) verified.set(hash, { at: Date.now(), identity });
  else verified.delete(hash);
  return identity;
});

async function lookupToken(tokenHash: string): Promise<TokenIdentity | null> {
  const row = await prisma().apiToken.findUnique({
    where: { tokenHash },
    include: { creator: { select: { id: true, email: true, disabledAt: true } } },
  });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    tokenId: row.id,
    name: row.name,
    scope: row.scope as TokenScope,
    actor: { id: row.creator?.id ?? null, email: row.creator?.email ?? `token:${row.name}` },
  };
}

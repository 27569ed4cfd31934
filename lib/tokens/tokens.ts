// API tokens for internal dashboards and agents: `rcl_<prefix>_<secret>`, shown once, stored hashed.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { prisma } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { isRole, TOKEN_SCOPES, type Role, type TokenScope } from '@/lib/auth/roles';
import { NotFoundError, parseInput } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const TOKEN_EXPIRY_DAYS = [30, 90, 365] as const;
const DAY_MS = 86_400_000;

// A form sends the choice as text ('30', 'none'); JSON may send 30, null or leave it out (never expires).
const expiresInDays = z.preprocess(
  (v) => (v === undefined || v === null || v === '' || v === 'none' ? null : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z.union([...TOKEN_EXPIRY_DAYS.map((d) => z.literal(d)), z.null()], { error: `must be one of ${TOKEN_EXPIRY_DAYS.join(', ')} (days) or none` }),
);

export const createTokenInput = z.object({
  name: z.string({ error: 'required' }).trim().min(1, 'required').max(100, 'at most 100 characters'),
  scope: z.enum(TOKEN_SCOPES, { error: `must be one of ${TOKEN_SCOPES.join(', ')}` }),
  expiresInDays,
});

export interface TokenSummary {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** Null: never expires. */
  expiresAt: Date | null;
  createdBy: string | null;
}

export const listTokens = traced('tokens.list', async function listTokens(): Promise<TokenSummary[]> {
  const rows = await prisma().apiToken.findMany({ orderBy: { createdAt: 'desc' }, include: { creator: { select: { email: true } } } });
  return rows.map((t) => ({
    id: t.id, name: t.name, prefix: t.prefix, scope: t.scope as TokenScope, createdAt: t.createdAt,
    lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt, expiresAt: t.expiresAt, createdBy: t.creator?.email ?? null,
  }));
});

/** Creates a token and returns its secret, which is never shown again. */
export const createToken = traced('tokens.create', async function createToken(actor: Actor, input: unknown): Promise<{ token: string; summary: TokenSummary }> {
  const data = parseInput(createTokenInput, input);
  const prefix = randomBytes(4).toString('hex');
  const token = `rcl_${prefix}_${randomBytes(24).toString('base64url')}`;
  const expiresAt = data.expiresInDays ? new Date(Date.now() + data.expiresInDays * DAY_MS) : null;
  const row = await prisma().$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { name: data.name, scope: data.scope, prefix, tokenHash: sha256(token), createdBy: actor.id ?? undefined, expiresAt },
    });
    await recordAudit(tx, actor, 'token.create', `${data.name} (${prefix})`, { scope: data.scope, expires_at: expiresAt?.toISOString() ?? null });
    return created;
  });
  return {
    token,
    summary: { id: row.id, name: row.name, prefix, scope: data.scope, createdAt: row.createdAt, lastUsedAt: null, revokedAt: null, expiresAt, createdBy: actor.email },
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
  /** The creator's role now: the token acts with at most this role (see effectivePermission). */
  creatorRole: Role;
  expiresAt: Date | null;
  /** Who created it, and the token: writes made with it are audited under both. */
  actor: Actor;
}

// last_used_at is written at most once a minute per token, so reads stay reads.
const LAST_USED_RESOLUTION_MS = 60_000;
// A verified token is trusted for a few seconds without asking the database again: API calls are
// the hot path. Revoking, or disabling or demoting the creator, clears it here at once; on another
// console instance the change takes effect within this TTL.
const VERIFIED_TTL_MS = 5_000;
// On globalThis: Next.js bundles route handlers and server actions separately, and a revocation in
// one must reach the cache the other reads.
const globalForTokens = globalThis as unknown as { __recallVerifiedTokens?: Map<string, { at: number; identity: TokenIdentity }> };
const verified = (globalForTokens.__recallVerifiedTokens ??= new Map());

/** A user's role or status changed: their tokens are looked up again on next use. */
export function forgetTokensOf(userId: string) {
  for (const [hash, hit] of verified) if (hit.identity.actor.id === userId) verified.delete(hash);
}

export const verifyToken = traced('tokens.verify', async function verifyToken(token: string): Promise<TokenIdentity | null> {
  if (!/^rcl_[0-9a-f]{8}_[\w-]{20,}$/.test(token)) return null;
  const hash = sha256(token);
  const hit = verified.get(hash);
  if (hit && Date.now() - hit.at < VERIFIED_TTL_MS && !expired(hit.identity)) return hit.identity;
  const identity = await lookupToken(hash);
  if (identity) verified.set(hash, { at: Date.now(), identity });
  else verified.delete(hash);
  return identity;
});

const expired = (t: { expiresAt: Date | null }) => t.expiresAt !== null && t.expiresAt.getTime() <= Date.now();

/**
 * The token with its creator, in one query: a revoked or expired token, or one whose creator is
 * disabled or gone, is not a token at all.
 */
async function lookupToken(tokenHash: string): Promise<TokenIdentity | null> {
  const rows = await prisma().$queryRaw<{ id: string; name: string; prefix: string; scope: string; expires_at: Date | null; last_used_at: Date | null; creator_id: string; email: string; role: string }[]>`
    SELECT t.id::text, t.name, t.prefix, t.scope, t.expires_at, t.last_used_at, u.id::text AS creator_id, u.email, u.role
      FROM recall.api_tokens t JOIN recall.users u ON u.id = t.created_by
     WHERE t.token_hash = ${tokenHash} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
       AND u.disabled_at IS NULL`;
  const row = rows[0];
  if (!row || !isRole(row.role)) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_RESOLUTION_MS) {
    await prisma().apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    tokenId: row.id,
    name: row.name,
    scope: row.scope as TokenScope,
    creatorRole: row.role,
    expiresAt: row.expires_at,
    actor: { id: row.creator_id, email: row.email, token: { id: row.id, name: row.name, prefix: row.prefix } },
  };
}

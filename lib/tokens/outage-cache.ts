// Tokens the database verified recently, for the metrics endpoints only (/api/v1/stats,
// /api/v1/metrics) while the database cannot be asked: a Prometheus scrape during an outage then
// reports `recall_pool_up 0` instead of failing. Bounded: a token is trusted this way for at most
// RECALL_TOKEN_OUTAGE_GRACE_MS (default 15 minutes) after its last successful verification, never
// past its own expiry, and only for reads of the console's own figures. Every other endpoint asks
// the database as before. Hashes are kept, never the tokens themselves.
import { createHash } from 'node:crypto';
import type { TokenIdentity } from './tokens';

export const TOKEN_OUTAGE_GRACE_MS_DEFAULT = 15 * 60_000;
const graceMs = () => Number(process.env.RECALL_TOKEN_OUTAGE_GRACE_MS ?? TOKEN_OUTAGE_GRACE_MS_DEFAULT);
// Bounded in size too: the oldest verifications go first.
const MAX_ENTRIES = 1000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// On globalThis: Next.js bundles each route handler separately; they must share what was verified.
const globalForCache = globalThis as unknown as { __recallOutageTokens?: Map<string, { at: number; identity: TokenIdentity }> };
const cache = (globalForCache.__recallOutageTokens ??= new Map());

/** The database just said this token is valid. */
export function rememberVerified(token: string, identity: TokenIdentity, now = Date.now()) {
  const key = sha256(token);
  cache.delete(key);
  cache.set(key, { at: now, identity });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
}

/** The database just said this token is not valid (revoked, unknown, expired). */
export function forgetToken(token: string) {
  cache.delete(sha256(token));
}

/** The identity the database last confirmed for this token, if that was within the grace period. */
export function recentlyVerified(token: string, now = Date.now()): TokenIdentity | null {
  const hit = cache.get(sha256(token));
  if (!hit || now - hit.at > graceMs()) return null;
  const expiresAt = (hit.identity as { expiresAt?: Date | string | null }).expiresAt;
  if (expiresAt && new Date(expiresAt).getTime() <= now) return null;
  return hit.identity;
}

// Limits on guessing: failed sign-ins per account and per client address, and failed API tokens per
// client address, each a sliding window in the state backend (shared through Redis when REDIS_URL is
// set). Only failures count, so people who type their password right are never slowed down.
import { createHash } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { stateBackend } from './backend';

const MINUTE = 60_000;
export const LIMITS = {
  /** Wrong passwords for one account, from anywhere. */
  signInAccount: { limit: 10, windowMs: 15 * MINUTE },
  /** Wrong passwords from one client address, over every account. */
  signInAddress: { limit: 30, windowMs: 15 * MINUTE },
  /** Invalid API tokens from one client address. */
  tokenAddress: { limit: 30, windowMs: 5 * MINUTE },
} as const;
type LimitName = keyof typeof LIMITS;

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many attempts; try again in ${retryAfterSeconds} s.`, 429, 'rate_limited');
  }
}

/**
 * The client's address: the first X-Forwarded-For entry (Next.js sets it from the socket when the
 * request has none; a proxy in front should overwrite it), else X-Real-IP. Without such a proxy a
 * client can forge it and dodge the per-address limit, never the per-account one.
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return (forwarded || headers.get('x-real-ip')?.trim() || 'unknown').slice(0, 100);
}

// Keys hold a hash, not the e-mail itself.
const hashed = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
const keyOf = (name: LimitName, who: string) => `rl:${name}:${hashed(who)}`;

let lastWarning = 0;
/** A state backend that cannot be reached does not lock everyone out; it is logged (and shown on /health). */
async function guarded<T>(fn: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (Date.now() - lastWarning > MINUTE) {
      lastWarning = Date.now();
      console.warn('[recall] rate limiter unavailable, not limiting:', (err as Error).message);
    }
    return fallback;
  }
}

/** Throws RateLimitedError when any of the windows is full. */
async function assertRoom(checks: [LimitName, string][]) {
  const results = await guarded(
    () => Promise.all(checks.map(([name, who]) => stateBackend().slidingWindow(keyOf(name, who), { ...LIMITS[name], record: 'never' }))),
    [],
  );
  const wait = Math.max(0, ...results.map((r) => r.retryAfterMs));
  if (wait > 0) throw new RateLimitedError(Math.ceil(wait / 1000));
}

async function recordFailure(checks: [LimitName, string][]) {
  await guarded(() => Promise.all(checks.map(([name, who]) => stateBackend().slidingWindow(keyOf(name, who), { ...LIMITS[name], record: 'always' }))), []);
}

const signInKeys = (email: string, address: string): [LimitName, string][] => [
  ['signInAccount', email.trim().toLowerCase()],
  ['signInAddress', address],
];

export const assertSignInAllowed = (email: string, address: string) => assertRoom(signInKeys(email, address));
export const recordSignInFailure = (email: string, address: string) => recordFailure(signInKeys(email, address));
export const assertTokenAttemptsAllowed = (address: string) => assertRoom([['tokenAddress', address]]);
export const recordTokenFailure = (address: string) => recordFailure([['tokenAddress', address]]);

/** For tests and an admin clearing a lock-out. */
export async function resetLimits(email: string | null, address: string | null) {
  const keys = [
    ...(email ? [keyOf('signInAccount', email.trim().toLowerCase())] : []),
    ...(address ? [keyOf('signInAddress', address), keyOf('tokenAddress', address)] : []),
  ];
  await Promise.all(keys.map((k) => stateBackend().reset(k)));
}

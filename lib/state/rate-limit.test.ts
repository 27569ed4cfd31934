// No more guessing: wrong passwords per account and per client address, and invalid API tokens per
// client address, are limited by sliding windows; while a window is full even the right password is
// refused with "Too many attempts; try again in N s", and the API answers 429 with Retry-After.
// Run against both state backends (in memory, and the machine's real Redis).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { InMemoryStateBackend, RedisStateBackend, setStateBackend, type StateBackend } from './backend';

vi.mock('@/lib/auth', () => ({ auth: async () => null }));
const { authenticate, createUser } = await import('@/lib/users/users');
const { createToken } = await import('@/lib/tokens/tokens');
const { LIMITS, RateLimitedError } = await import('./rate-limit');
const namespacesRoute = await import('@/app/api/v1/namespaces/route');

const REDIS_URL = process.env.RECALL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `recall-test:${process.pid}-${randomBytes(4).toString('hex')}:`;
const PASSWORD = 'a long enough password';
let engine: EmbeddedEngine;
const redis = new RedisStateBackend(REDIS_URL, prefix);

beforeAll(async () => {
  engine = await startTestDatabase();
  for (const who of ['memory', 'redis']) {
    for (const name of ['ada', 'bob', 'eve']) await createUser(null, { email: `${name}-${who}@example.com`, role: 'admin', password: PASSWORD });
  }
});
afterAll(async () => {
  setStateBackend(undefined);
  const keys = await redis.client.keys(`${prefix}*`);
  if (keys.length) await redis.client.del(...keys);
  await redis.close();
  await stopTestDatabase(engine);
});

const refusal = (p: Promise<unknown>) => p.then(() => null, (e) => e);

describe.each([
  ['memory', () => new InMemoryStateBackend()],
  ['redis', () => redis],
] as [string, () => StateBackend][])('%s backend', (who, make) => {
  beforeAll(() => setStateBackend(make()));
  const email = (name: string) => `${name}-${who}@example.com`;

  it('refuses an account after its wrong passwords fill the window, the right password too', async () => {
    for (let i = 0; i < LIMITS.signInAccount.limit; i++) {
      expect(await authenticate(email('ada'), `wrong guess ${i}`, `10.0.0.${i}`)).toBeNull();
    }
    const err = await refusal(authenticate(email('ada'), PASSWORD, '10.0.1.1'));
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/^Too many attempts; try again in \d+ s\.$/);
    expect(err.retryAfterSeconds).toBeGreaterThan(0);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(LIMITS.signInAccount.windowMs / 1000);
    // E-mail case does not make another account.
    expect(await refusal(authenticate(email('ada').toUpperCase(), PASSWORD, '10.0.1.2'))).toBeInstanceOf(RateLimitedError);
    // Other accounts are not affected.
    expect((await authenticate(email('bob'), PASSWORD, '10.0.1.3'))?.email).toBe(email('bob'));
  });

  it('refuses a client address after its wrong passwords over many accounts fill the window', async () => {
    const address = `192.0.2.${who === 'memory' ? 1 : 2}`;
    for (let i = 0; i < LIMITS.signInAddress.limit; i++) {
      expect(await authenticate(`nobody${i}-${who}@example.com`, 'wrong', address)).toBeNull();
    }
    expect(await refusal(authenticate(email('eve'), PASSWORD, address))).toBeInstanceOf(RateLimitedError);
    expect((await authenticate(email('eve'), PASSWORD, '192.0.2.200'))?.email).toBe(email('eve'));
  });

  it('answers invalid API tokens from one address with 429 and Retry-After once the window is full', async () => {
    const address = `198.51.100.${who === 'memory' ? 1 : 2}`;
    const call = (token: string) =>
      namespacesRoute.GET(new Request('http://x/api/v1/namespaces', { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': `${address}, 10.9.9.9` } }), {});
    for (let i = 0; i < LIMITS.tokenAddress.limit; i++) expect((await call(`rcl_0000000${i % 10}_guess-${i}-aaaaaaaaaaaaaaaaaaaa`)).status).toBe(401);
    const { token } = await createToken({ id: null, email: 'x@example.com' }, { name: `t-${who}`, scope: 'read' });
    const limited = await call(token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/^Too many attempts; try again in \d+ s\.$/) });
  });
});

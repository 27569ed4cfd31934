// API tokens: shown once, stored hashed, held to their scope, revocable, last use recorded.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { prisma } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

vi.mock('@/lib/auth', () => ({ auth: async () => null }));
const { createUser, setUserDisabled, setUserRole } = await import('@/lib/users/users');
const memoriesRoute = await import('@/app/api/v1/memories/route');
const { createToken, listTokens, revokeToken, verifyToken } = await import('./tokens');
const { resolveCaller } = await import('@/lib/http/route');

let engine: EmbeddedEngine;
let admin: { id: string; email: string };
beforeAll(async () => {
  engine = await startTestDatabase();
  const u = await createUser(null, { email: 'admin@example.com', role: 'admin', password: 'a long enough password' });
  admin = { id: u.id, email: u.email };
});
afterAll(async () => stopTestDatabase(engine));

const req = (token?: string) => new Request('http://x/api/v1/memories', { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('API tokens', () => {
  it('stores only a hash of the secret it shows once', async () => {
    const { token, summary } = await createToken(admin, { name: 'dashboard', scope: 'read' });
    expect(token).toMatch(/^rcl_[0-9a-f]{8}_[\w-]{32}$/);
    const row = await prisma().apiToken.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.tokenHash).not.toContain(token);
    expect(row.tokenHash).toHaveLength(64);
    // The secret is everything after rcl_<8 hex>_ (base64url, so it may itself contain '_').
    const secret = token.slice('rcl_'.length + 8 + 1);
    expect(secret).toHaveLength(32);
    expect(JSON.stringify(await listTokens())).not.toContain(secret);
  });

  it('holds each token to its scope', async () => {
    const read = (await createToken(admin, { name: 'reader', scope: 'read' })).token;
    const write = (await createToken(admin, { name: 'writer', scope: 'write' })).token;
    expect((await resolveCaller(req(read), 'read')).kind).toBe('token');
    await expect(resolveCaller(req(read), 'write')).rejects.toThrow('This needs a token with the write scope; this token has the read scope.');
    expect((await resolveCaller(req(write), 'write')).actor).toMatchObject(admin);
    await expect(resolveCaller(req(write), 'admin')).rejects.toThrow('This needs a token with a signed-in admin; this token has the write scope.');
    await expect(resolveCaller(req('rcl_00000000_not-a-real-token-at-all'), 'read')).rejects.toThrow('The API token is invalid, revoked or expired, or its creator is disabled.');
    await expect(resolveCaller(req(), 'read')).rejects.toThrow('Sign in to continue.');
  });

  it('records last use and stops working once revoked', async () => {
    const { token, summary } = await createToken(admin, { name: 'temp', scope: 'write' });
    expect((await verifyToken(token))?.name).toBe('temp');
    expect((await prisma().apiToken.findUniqueOrThrow({ where: { id: summary.id } })).lastUsedAt).toBeInstanceOf(Date);
    await revokeToken(admin, summary.id);
    expect(await verifyToken(token)).toBeNull();
    const log = await prisma().auditLog.findMany({ where: { action: { startsWith: 'token.' } }, orderBy: { id: 'asc' } });
    expect(log.map((l) => l.action)).toEqual(['token.create', 'token.create', 'token.create', 'token.create', 'token.revoke']);
  });

  it('validates name and scope', async () => {
    await expect(createToken(admin, { name: '', scope: 'read' })).rejects.toThrow('name: required');
    await expect(createToken(admin, { name: 'x', scope: 'admin' })).rejects.toThrow('scope: must be one of read, write');
    await expect(revokeToken(admin, 'nope')).rejects.toThrow('id: must be a token id');
  });
});

describe('a token acts with at most its creator\'s current role', () => {
  const newAdmin = async (email: string) => {
    const u = await createUser(null, { email, role: 'admin', password: 'a long enough password' });
    return { id: u.id, email: u.email };
  };

  it('stops at once when its creator is disabled', async () => {
    const creator = await newAdmin('soon-gone@example.com');
    const { token } = await createToken(creator, { name: 'gone-writer', scope: 'write' });
    expect((await resolveCaller(req(token), 'write')).kind).toBe('token'); // now cached
    await setUserDisabled(admin, creator.id, true);
    await expect(resolveCaller(req(token), 'read')).rejects.toThrow('The API token is invalid, revoked or expired, or its creator is disabled.');
    await setUserDisabled(admin, creator.id, false);
    expect((await resolveCaller(req(token), 'write')).kind).toBe('token');
  });

  it('reads only once its creator is demoted to viewer or reviewer', async () => {
    const creator = await newAdmin('demoted@example.com');
    const { token } = await createToken(creator, { name: 'demoted-writer', scope: 'write' });
    expect((await resolveCaller(req(token), 'write')).kind).toBe('token');
    for (const role of ['viewer', 'reviewer'] as const) {
      await setUserRole(admin, creator.id, role);
      await expect(resolveCaller(req(token), 'write')).rejects.toThrow(
        `This token acts with at most the role of its creator (demoted@example.com), who is now ${role}; write needs the admin role.`,
      );
      expect((await resolveCaller(req(token), 'read')).kind).toBe('token');
    }
    // The same through a real route: 403, nothing stored.
    const res = await memoriesRoute.POST(
      new Request('http://x/api/v1/memories', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ namespace: 'n', key: 'k', value: 'v' }) }),
      {},
    );
    expect(res.status).toBe(403);
    expect(await prisma().memoryEntry.count({ where: { namespace: 'n' } })).toBe(0);
  });

  it('audits writes under the token and its creator', async () => {
    const { token, summary } = await createToken(admin, { name: 'audited-writer', scope: 'write' });
    const res = await memoriesRoute.POST(
      new Request('http://x/api/v1/memories', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ namespace: 'via-token', key: 'k', value: 'v' }) }),
      {},
    );
    expect(res.status).toBe(201);
    const row = await prisma().auditLog.findFirstOrThrow({ where: { target: { contains: 'via-token' } }, orderBy: { id: 'desc' } });
    expect(row).toMatchObject({ actorId: admin.id, actorEmail: admin.email, tokenId: summary.id });
  });
});

describe('token expiry', () => {
  it('is 30, 90 or 365 days, or none, chosen at creation', async () => {
    const now = Date.now();
    const { summary } = await createToken(admin, { name: 'month', scope: 'read', expiresInDays: '30' });
    expect(summary.expiresAt!.getTime() - now).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(summary.expiresAt!.getTime() - now).toBeLessThan(31 * 86_400_000);
    expect((await createToken(admin, { name: 'forever', scope: 'read', expiresInDays: 'none' })).summary.expiresAt).toBeNull();
    expect((await createToken(admin, { name: 'forever2', scope: 'read' })).summary.expiresAt).toBeNull();
    expect((await listTokens()).find((t) => t.name === 'month')?.expiresAt).toEqual(summary.expiresAt);
    await expect(createToken(admin, { name: 'week', scope: 'read', expiresInDays: 7 })).rejects.toThrow('expiresInDays: must be one of 30, 90, 365 (days) or none');
  });

  it('is refused after it', async () => {
    const { token, summary } = await createToken(admin, { name: 'expiring', scope: 'read', expiresInDays: 30 });
    await prisma().apiToken.update({ where: { id: summary.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await verifyToken(token)).toBeNull();
    await expect(resolveCaller(req(token), 'read')).rejects.toThrow('The API token is invalid, revoked or expired, or its creator is disabled.');
  });
});

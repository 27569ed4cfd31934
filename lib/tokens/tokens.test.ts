// API tokens: shown once, stored hashed, held to their scope, revocable, last use recorded.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { prisma } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';

vi.mock('@/lib/auth', () => ({ auth: async () => null }));
const { createUser } = await import('@/lib/users/users');
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
    expect((await resolveCaller(req(write), 'write')).actor).toEqual(admin);
    await expect(resolveCaller(req(write), 'admin')).rejects.toThrow('This needs a token with a signed-in admin; this token has the write scope.');
    await expect(resolveCaller(req('rcl_00000000_not-a-real-token-at-all'), 'read')).rejects.toThrow('The API token is invalid or revoked.');
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

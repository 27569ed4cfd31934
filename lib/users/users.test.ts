import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedEngine } from '@/lib/db/embedded';
import { prisma } from '@/lib/db/pools';
import { startTestDatabase, stopTestDatabase } from '@/lib/testing/database';
import { ConflictError, ForbiddenError, ValidationError } from '@/lib/errors';
import { authenticate, createUser, resetUserPassword, setUserDisabled, setUserRole } from './users';

let engine: EmbeddedEngine;
const PASSWORD = 'twelve chars ok';

beforeAll(async () => {
  engine = await startTestDatabase();
});
afterAll(async () => stopTestDatabase(engine));

const auditCount = () => prisma().auditLog.count();

describe('users', () => {
  it('rejects each bad field with its rule, and writes nothing', async () => {
    const before = await auditCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ email: '', role: 'viewer', password: PASSWORD }, 'email: required'],
      [{ email: 'nope', role: 'viewer', password: PASSWORD }, 'email: must be an e-mail address like name@example.com'],
      [{ email: 'a@example.com', role: 'owner', password: PASSWORD }, 'role: must be one of admin, reviewer, viewer'],
      [{ email: 'a@example.com', role: 'viewer', password: 'short' }, 'password: must be at least 12 characters'],
      [{ email: 'a@example.com', role: 'viewer', password: 'x'.repeat(201) }, 'password: must be at most 200 characters'],
      [{ email: 'a@example.com', role: 'viewer' }, 'password: required'],
      [{ email: 'a@example.com', name: 'n'.repeat(201), role: 'viewer', password: PASSWORD }, 'name: at most 200 characters'],
    ];
    for (const [input, message] of cases) {
      const err = await createUser(null, input).catch((e) => e);
      expect(err, message).toBeInstanceOf(ValidationError);
      expect(err.message).toBe(message);
    }
    expect(await prisma().user.count()).toBe(0);
    expect(await auditCount()).toBe(before);
  });

  it('stores e-mail in lower case and refuses a duplicate with 409', async () => {
    const u = await createUser(null, { email: 'Ada@Example.com', role: 'admin', password: PASSWORD });
    expect(u.email).toBe('ada@example.com');
    const err = await createUser(null, { email: 'ADA@example.com', role: 'viewer', password: PASSWORD }).catch((e) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.status).toBe(409);
    expect(err.message).toBe('email: a user with this e-mail already exists');
  });

  it('authenticates the right password only, case-insensitively on e-mail', async () => {
    expect((await authenticate('ADA@example.com', PASSWORD))?.email).toBe('ada@example.com');
    expect(await authenticate('ada@example.com', 'wrong password!')).toBeNull();
    expect(await authenticate('nobody@example.com', PASSWORD)).toBeNull();
    expect(await authenticate(undefined, undefined)).toBeNull();
    const row = await prisma().user.findFirst({ where: { email: 'ada@example.com' } });
    expect(row?.lastLoginAt).toBeInstanceOf(Date);
  });

  it('never leaves the console without an active admin', async () => {
    const ada = await prisma().user.findFirstOrThrow({ where: { email: 'ada@example.com' } });
    const actor = { id: ada.id, email: ada.email };
    await expect(setUserRole(actor, ada.id, 'viewer')).rejects.toThrow(
      new ForbiddenError('Cannot demote the last active admin. Make another user an admin first.'),
    );
    const bob = await createUser(actor, { email: 'bob@example.com', role: 'viewer', password: PASSWORD });
    await expect(setUserDisabled({ id: bob.id, email: bob.email }, ada.id, true)).rejects.toThrow(
      'Cannot disable the last active admin. Make another user an admin first.',
    );
    await setUserRole(actor, bob.id, 'admin');
    await setUserRole({ id: bob.id, email: bob.email }, ada.id, 'reviewer');
    expect((await prisma().user.findUniqueOrThrow({ where: { id: ada.id } })).role).toBe('reviewer');
    await expect(setUserRole({ id: bob.id, email: bob.email }, bob.id, 'viewer')).rejects.toThrow(/last active admin/);
  });

  it('a disabled user cannot sign in; enabling restores it', async () => {
    const bob = await prisma().user.findFirstOrThrow({ where: { email: 'bob@example.com' } });
    const ada = await prisma().user.findFirstOrThrow({ where: { email: 'ada@example.com' } });
    await setUserDisabled({ id: bob.id, email: bob.email }, ada.id, true);
    expect(await authenticate('ada@example.com', PASSWORD)).toBeNull();
    await setUserDisabled({ id: bob.id, email: bob.email }, ada.id, false);
    expect(await authenticate('ada@example.com', PASSWORD)).not.toBeNull();
    await expect(setUserDisabled({ id: bob.id, email: bob.email }, bob.id, true)).rejects.toThrow(
      'You cannot disable your own account.',
    );
  });

  it('resets a password, validating it', async () => {
    const bob = await prisma().user.findFirstOrThrow({ where: { email: 'bob@example.com' } });
    const ada = await prisma().user.findFirstOrThrow({ where: { email: 'ada@example.com' } });
    await expect(resetUserPassword({ id: bob.id, email: bob.email }, ada.id, 'short')).rejects.toThrow(
      'password: must be at least 12 characters',
    );
    await resetUserPassword({ id: bob.id, email: bob.email }, ada.id, 'a brand new password');
    expect(await authenticate('ada@example.com', PASSWORD)).toBeNull();
    expect(await authenticate('ada@example.com', 'a brand new password')).not.toBeNull();
    await expect(resetUserPassword({ id: bob.id, email: bob.email }, 'not-a-uuid', PASSWORD)).rejects.toThrow(
      'id: must be a user id',
    );
  });

  it('audits every change with who, what and when', async () => {
    const log = await prisma().auditLog.findMany({ orderBy: { id: 'asc' } });
    expect(log.map((l) => l.action)).toEqual([
      'user.create', 'user.create', 'user.role', 'user.role', 'user.disable', 'user.enable', 'user.password_reset',
    ]);
    const demote = log.find((l) => l.action === 'user.role' && l.target === 'ada@example.com')!;
    expect(demote.actorEmail).toBe('bob@example.com');
    expect(demote.details).toEqual({ from: 'admin', to: 'reviewer' });
    expect(demote.at).toBeInstanceOf(Date);
  });
});

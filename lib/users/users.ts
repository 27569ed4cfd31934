// Console users: sign-in, and the admin's Settings → Users actions. Every change is audited and
// none may leave the console without an active admin.
import { z } from 'zod';
import { storableText } from '@/lib/vector/validation';
import { Prisma } from '@/lib/generated/prisma/client';
import { prisma } from '@/lib/db/pools';
import { recordAudit, type Actor } from '@/lib/audit';
import { hashPassword, verifyPassword } from '@/lib/auth/password';
import { weakPasswordProblem } from '@/lib/auth/password-strength';
import { ROLES, type Role } from '@/lib/auth/roles';
import { ConflictError, ForbiddenError, NotFoundError, parseInput } from '@/lib/errors';
import { traced } from '@/lib/metrics/recorder';
import { forgetTokensOf } from '@/lib/tokens/tokens';
import { assertSignInAllowed, recordSignInFailure } from '@/lib/state/rate-limit';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

const email = z
  .string({ error: 'required' })
  .trim()
  .toLowerCase()
  .min(1, 'required')
  .max(320, 'at most 320 characters')
  .pipe(z.email({ error: 'must be an e-mail address like name@example.com' }));
const password = z
  .string({ error: 'required' })
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`)
  .check((ctx) => {
    const problem = ctx.value.length >= PASSWORD_MIN ? weakPasswordProblem(ctx.value) : null;
    if (problem) ctx.issues.push({ code: 'custom', input: ctx.value, message: problem });
  });
const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
const userId = z.uuid({ error: 'must be a user id' });

export const createUserInput = z.object({
  email,
  name: storableText('must be text').trim().max(200, 'at most 200 characters').default(''),
  role,
  password,
});

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  /** Sessions signed in under an older generation are over (see endSessions). */
  sessionGeneration: number;
}

const publicFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabledAt: true,
  lastLoginAt: true,
  createdAt: true,
  sessionGeneration: true,
} as const;

export const listUsers = traced('users.list', async function listUsers(): Promise<PublicUser[]> {
  const users = await prisma().user.findMany({ select: publicFields, orderBy: { createdAt: 'asc' } });
  return users as PublicUser[];
});

export const USERS_PAGE_SIZE = 50;

/**
 * Settings → Users: an optional search (part of the e-mail or name) and one keyset cursor: `after`, the
 * last e-mail of the page before, or `before`, the first e-mail of the page after.
 */
export const userListQuery = z
  .object({
    q: storableText('must be text').trim().max(320, 'at most 320 characters').optional(),
    after: storableText('must be text').max(320, 'at most 320 characters').optional(),
    before: storableText('must be text').max(320, 'at most 320 characters').optional(),
  })
  .refine((v) => !(v.after && v.before), { message: 'give after or before, not both', path: ['before'] });

/**
 * One page of users in e-mail order, found by e-mail or name. Keyset paging on the unique
 * lower-case e-mail, so page 200 of 10,000s costs what page 1 does, forwards (`after`) or back
 * (`before`, read in descending order and turned round); `next` and `previous` are the cursors of the
 * pages either side, null where there is none.
 */
export const searchUsers = traced('users.search', async function searchUsers(input: unknown, limit: number = USERS_PAGE_SIZE) {
  const { q, after, before } = parseInput(userListQuery, input);
  const where: Prisma.UserWhereInput = {
    ...(q ? { OR: [{ email: { contains: q, mode: 'insensitive' } }, { name: { contains: q, mode: 'insensitive' } }] } : {}),
    ...(after ? { email: { gt: after } } : before ? { email: { lt: before } } : {}),
  };
  const rows = (await prisma().user.findMany({ where, select: publicFields, orderBy: { email: before ? 'desc' : 'asc' }, take: limit + 1 })) as PublicUser[];
  const more = rows.length > limit;
  const users = before ? rows.slice(0, limit).reverse() : rows.slice(0, limit);
  const first = users[0]?.email ?? null;
  const last = users[users.length - 1]?.email ?? null;
  // Paging back, the page after is the one we came from; paging on, so is the page before.
  return { users, next: before ? last : more ? last : null, previous: after ? first : before && more ? first : null };
});

/**
 * The user behind a session, if it still stands: active, and signed in under the current session
 * generation (a session from before the generation existed counts as generation 0).
 */
export const findActiveUser = traced('users.session', async function findActiveUser(id: string, generation: number = 0): Promise<PublicUser | null> {
  if (!userId.safeParse(id).success || !Number.isSafeInteger(generation)) return null;
  const user = await prisma().user.findFirst({ where: { id, disabledAt: null, sessionGeneration: generation }, select: publicFields });
  return (user as PublicUser | null) ?? null;
});

// Verifying against a real hash when the user is unknown keeps the response time the same,
// so sign-in does not reveal which e-mail addresses exist.
let dummyHash: Promise<string> | null = null;

/**
 * Checks an e-mail and password. Wrong ones count against the account and the client address;
 * while either window is full every attempt is refused with RateLimitedError (429), the right
 * password too, so guessing cannot go on.
 */
export const authenticate = traced('users.sign_in', async function authenticate(rawEmail: unknown, rawPassword: unknown, address: string = 'unknown'): Promise<PublicUser | null> {
  const parsed = z.object({ email, password: z.string().min(1).max(PASSWORD_MAX) }).safeParse({
    email: rawEmail,
    password: rawPassword,
  });
  if (!parsed.success) return null;
  const who = String(parsed.data.email);
  await assertSignInAllowed(who, address);
  const user = await prisma().user.findFirst({
    where: { email: { equals: parsed.data.email, mode: 'insensitive' } },
  });
  if (!user) {
    dummyHash ??= hashPassword('not a real password');
    await verifyPassword(parsed.data.password, await dummyHash);
    await recordSignInFailure(who, address);
    return null;
  }
  const ok = await verifyPassword(parsed.data.password, user.passwordHash);
  if (!ok) await recordSignInFailure(who, address);
  if (!ok || user.disabledAt) return null;
  await prisma().user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  return { ...user, role: user.role as Role };
});

export const createUser = traced('users.create', async function createUser(actor: Actor | null, input: unknown): Promise<PublicUser> {
  const data = parseInput(createUserInput, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await prisma().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email: data.email, name: data.name, role: data.role, passwordHash },
        select: publicFields,
      });
      await recordAudit(tx, actor, 'user.create', data.email, { role: data.role });
      return user as PublicUser;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new ConflictError('email: a user with this e-mail already exists', 'email');
    }
    throw err;
  }
});

type Tx = Prisma.TransactionClient;

/** Locks the active admins and refuses a change that would leave none. */
async function assertAnotherAdminRemains(tx: Tx, targetId: string, what: string) {
  const admins = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM recall.users WHERE role = 'admin' AND disabled_at IS NULL FOR UPDATE`;
  if (admins.some((a) => a.id === targetId) && admins.length <= 1) {
    throw new ForbiddenError(`Cannot ${what} the last active admin. Make another user an admin first.`);
  }
}

async function loadTarget(tx: Tx, id: unknown) {
  const targetId = parseInput(z.object({ id: userId }), { id }).id;
  const user = await tx.user.findUnique({ where: { id: targetId } });
  if (!user) throw new NotFoundError('No such user.');
  return user;
}

export const updateUserInput = z.strictObject(
  {
    role: role.optional(),
    disabled: z.boolean({ error: 'must be true or false' }).optional(),
    password: password.optional(),
  },
  { error: (i) => (i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : 'must be a JSON object') },
);

/** Changes role, disabled state and/or password in one transaction: all of it happens or none. */
export const updateUser = traced('users.update', async function updateUser(actor: Actor, id: unknown, input: unknown) {
  const change = parseInput(updateUserInput, input);
  const passwordHash = change.password !== undefined ? await hashPassword(change.password) : undefined;
  const targetId = await prisma().$transaction(async (tx) => {
    const user = await loadTarget(tx, id);
    const data: Prisma.UserUpdateInput = {};
    if (change.role !== undefined && change.role !== user.role) {
      if (user.role === 'admin') await assertAnotherAdminRemains(tx, user.id, 'demote');
      data.role = change.role;
      await recordAudit(tx, actor, 'user.role', user.email, { from: user.role, to: change.role });
    }
    if (change.disabled !== undefined && change.disabled !== Boolean(user.disabledAt)) {
      if (change.disabled && user.id === actor.id) throw new ForbiddenError('You cannot disable your own account.');
      if (change.disabled && user.role === 'admin') await assertAnotherAdminRemains(tx, user.id, 'disable');
      data.disabledAt = change.disabled ? new Date() : null;
      if (change.disabled) data.sessionGeneration = { increment: 1 };
      await recordAudit(tx, actor, change.disabled ? 'user.disable' : 'user.enable', user.email);
    }
    if (passwordHash) {
      data.passwordHash = passwordHash;
      data.sessionGeneration = { increment: 1 }; // whoever knew the old password is signed out
      await recordAudit(tx, actor, 'user.password_reset', user.email);
    }
    if (Object.keys(data).length) await tx.user.update({ where: { id: user.id }, data: { ...data, updatedAt: new Date() } });
    return user.id;
  });
  // Their tokens act with at most their role: look them up again rather than trust a cached role.
  forgetTokensOf(targetId);
});

/** An admin's "sign out everywhere": every session of the user ends now; they sign in again. */
export const endSessions = traced('users.end_sessions', async function endSessions(actor: Actor, id: unknown) {
  await prisma().$transaction(async (tx) => {
    const user = await loadTarget(tx, id);
    await tx.user.update({ where: { id: user.id }, data: { sessionGeneration: { increment: 1 } } });
    await recordAudit(tx, actor, 'user.sign_out_everywhere', user.email);
  });
});

/** Signing out ends every session of the user (their other browsers too), not just this cookie. */
export async function endOwnSessions(id: unknown) {
  const parsed = userId.safeParse(id);
  if (parsed.success) await prisma().user.updateMany({ where: { id: parsed.data }, data: { sessionGeneration: { increment: 1 } } });
}

export const setUserRole = (actor: Actor, id: unknown, newRole: unknown) => updateUser(actor, id, { role: newRole });
export const setUserDisabled = (actor: Actor, id: unknown, disabled: boolean) => updateUser(actor, id, { disabled });
export const resetUserPassword = (actor: Actor, id: unknown, newPassword: unknown) =>
  updateUser(actor, id, { password: newPassword });

/**
 * Creates the first admin when the console has no users yet. Returns the credentials it used
 * (the password only when it generated one), or null when users already exist.
 */
export async function ensureFirstAdmin(opts: { email: string; password: string }) {
  const count = await prisma().user.count();
  if (count > 0) return null;
  try {
    return await createUser(null, { email: opts.email, name: 'Administrator', role: 'admin', password: opts.password });
  } catch (err) {
    // Another instance starting at the same moment created the same first admin.
    if (err instanceof ConflictError && (await prisma().user.count()) > 0) return null;
    throw err;
  }
}

import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { createUser, listUsers } from '@/lib/users/users';

export const GET = withAccess('admin', async () => NextResponse.json({ users: await listUsers() }));

export const POST = withAccess('admin', async (req, { caller }) => {
  const created = await createUser(caller.actor, await readJson(req));
  return NextResponse.json({ user: created }, { status: 201 });
});

import { NextResponse } from 'next/server';
import { readJson, withRole } from '@/lib/api';
import { createUser, listUsers } from '@/lib/users';

export const GET = withRole('admin', async () => NextResponse.json({ users: await listUsers() }));

export const POST = withRole('admin', async (req, { user }) => {
  const created = await createUser(user, await readJson(req));
  return NextResponse.json({ user: created }, { status: 201 });
});

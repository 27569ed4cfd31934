import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { updateUser } from '@/lib/users/users';

type Ctx = { params: Promise<{ id: string }> };

/** { role?, disabled?, password? } — applied together or not at all. */
export const PATCH = withAccess<Ctx>('admin', async (req, { params, caller }) => {
  await updateUser(caller.actor, (await params).id, await readJson(req));
  return NextResponse.json({ ok: true });
});

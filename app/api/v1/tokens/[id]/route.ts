import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/api';
import { revokeToken } from '@/lib/tokens';

type Ctx = { params: Promise<{ id: string }> };

export const DELETE = withAccess<Ctx>('admin', async (_req, { params, caller }) => {
  await revokeToken(caller.actor, (await params).id);
  return new NextResponse(null, { status: 204 });
});

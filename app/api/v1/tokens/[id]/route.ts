import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { revokeToken } from '@/lib/tokens/tokens';

type Ctx = { params: Promise<{ id: string }> };

export const DELETE = withAccess<Ctx>('admin', async (_req, { params, caller }) => {
  await revokeToken(caller.actor, (await params).id);
  return new NextResponse(null, { status: 204 });
});

import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { deleteMemory, getMemory } from '@/lib/memories/memories';
import { NotFoundError } from '@/lib/errors';

type Ctx = { params: Promise<{ namespace: string; key: string }> };

export const GET = withAccess<Ctx>('read', async (_req, { params }) => {
  const { namespace, key } = await params;
  return NextResponse.json({ memory: await getMemory(namespace, key) });
});

export const DELETE = withAccess<Ctx>('write', async (_req, { params, caller }) => {
  const { namespace, key } = await params;
  if (!(await deleteMemory(caller.actor, namespace, key))) throw new NotFoundError(`No entry "${key}" in namespace "${namespace}".`);
  return new NextResponse(null, { status: 204 });
});

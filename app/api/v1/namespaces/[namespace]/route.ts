import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { deleteNamespace, listMemories } from '@/lib/memories/memories';

type Ctx = { params: Promise<{ namespace: string }> };

/** One page (50) of a namespace's entries, newest first: ?page=N */
export const GET = withAccess<Ctx>('read', async (req, { params }) => {
  const { namespace } = await params;
  return NextResponse.json(await listMemories({ namespace, page: new URL(req.url).searchParams.get('page') ?? undefined }));
});

/** Deletes every entry: ?confirm_count=N must equal the namespace's current count. */
export const DELETE = withAccess<Ctx>('write', async (req, { params, caller }) => {
  const { namespace } = await params;
  const deleted = await deleteNamespace(caller.actor, namespace, new URL(req.url).searchParams.get('confirm_count') ?? undefined);
  return NextResponse.json({ deleted });
});

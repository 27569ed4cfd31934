import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/api';
import { listEntries } from '@/lib/namespaces';

type Ctx = { params: Promise<{ namespace: string }> };

/** One page (50) of a namespace's entries, newest first: ?page=N */
export const GET = withAccess<Ctx>('read', async (req, { params }) => {
  const { namespace } = await params;
  const page = new URL(req.url).searchParams.get('page') ?? undefined;
  return NextResponse.json(await listEntries(decodeURIComponent(namespace), page));
});

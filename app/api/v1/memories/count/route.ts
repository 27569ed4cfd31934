import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { countMemories } from '@/lib/memories/memories';

/** ?namespace= (omit to count all) */
export const GET = withAccess('read', async (req) =>
  NextResponse.json({ count: await countMemories(new URL(req.url).searchParams.get('namespace') ?? undefined) }),
);

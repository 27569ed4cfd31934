import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { listMemories, storeMemory } from '@/lib/memories/memories';
import { listQuery } from '@/lib/http/params';

/** Store (upsert on namespace + key). `?embed=true` or `"embed": true` computes a missing embedding. */
export const POST = withAccess('write', async (req, { caller }) => {
  const { embed, ...entry } = (await readJson(req)) as Record<string, unknown>;
  const result = await storeMemory(caller.actor, entry, { embed: embed ?? new URL(req.url).searchParams.get('embed') === 'true' });
  return NextResponse.json({ memory: result.memory, created: result.inserted }, { status: result.inserted ? 201 : 200 });
});

/** List a namespace: ?namespace=&tags=a,b&meta_key=&meta_value=&text=&sort=&page=&page_size= */
export const GET = withAccess('read', async (req) => NextResponse.json(await listMemories(listQuery(new URL(req.url).searchParams))));

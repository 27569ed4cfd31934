import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { batchStoreMemories } from '@/lib/memories/memories';

/** { entries: [...], embed?: boolean } — up to 1000, stored atomically. */
export const POST = withAccess('write', async (req, { caller }) => {
  const { embed, ...body } = (await readJson(req)) as Record<string, unknown>;
  return NextResponse.json(await batchStoreMemories(caller.actor, body, { embed: embed ?? false }));
});

import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { buildIndex } from '@/lib/collections/collections';

type Ctx = { params: Promise<{ id: string }> };

/** Builds (or rebuilds) the HNSW index for a distance: { distance?, m?, ef_construction? } */
export const POST = withAccess<Ctx>('write', async (req, { params, caller }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return NextResponse.json(await buildIndex(caller.actor, { ...body, collection: (await params).id }));
});

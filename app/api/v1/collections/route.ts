import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { projectPool } from '@/lib/db/pools';
import { listCollections } from '@/lib/collections/catalog';
import { createCollection } from '@/lib/collections/collections';

export const GET = withAccess('read', async () => NextResponse.json({ collections: await listCollections(projectPool()) }));

/** { name, dimension, distance?, m?, ef_construction?, index? } → a new table with an HNSW index. */
export const POST = withAccess('write', async (req, { caller }) =>
  NextResponse.json({ collection: await createCollection(caller.actor, await readJson(req)) }, { status: 201 }),
);

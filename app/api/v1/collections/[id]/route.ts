import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { projectPool } from '@/lib/db/pools';
import { getCollection } from '@/lib/collections/catalog';
import { browseCollection, dropCollection } from '@/lib/collections/collections';

type Ctx = { params: Promise<{ id: string }> };

/** The collection (schema.table.column) with a page of its rows: ?page=N, optionally only an embedding-health figure's rows: &filter= */
export const GET = withAccess<Ctx>('read', async (req, { params }) => {
  const collection = await getCollection(projectPool(), (await params).id);
  const p = new URL(req.url).searchParams;
  const rows = await browseCollection(collection, p.get('page') ?? undefined, { filter: p.get('filter'), stale_days: p.get('stale_days') });
  return NextResponse.json({ collection, ...rows });
});

/** Drops a collection created in this console (admins): { confirm: "drop <schema>.<table> with <N> rows" }. */
export const DELETE = withAccess<Ctx>('admin', async (req, { params, caller }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return NextResponse.json(await dropCollection(caller.actor, { ...body, collection: (await params).id }));
});

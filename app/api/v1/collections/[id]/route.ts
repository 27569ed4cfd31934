import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { projectPool } from '@/lib/db/pools';
import { getCollection } from '@/lib/collections/catalog';
import { browseCollection } from '@/lib/collections/collections';

type Ctx = { params: Promise<{ id: string }> };

/** The collection (schema.table.column) with a page of its rows: ?page=N */
export const GET = withAccess<Ctx>('read', async (req, { params }) => {
  const collection = await getCollection(projectPool(), (await params).id);
  const rows = await browseCollection(collection, new URL(req.url).searchParams.get('page') ?? undefined);
  return NextResponse.json({ collection, ...rows });
});

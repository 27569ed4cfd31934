import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { findDuplicates } from '@/lib/duplicates/duplicates';

type Ctx = { params: Promise<{ id: string }> };

/** Near-duplicate clusters (HNSW neighbours) and exact duplicates: ?namespace=&threshold=0.97&k=5&limit=5000&after= */
export const GET = withAccess<Ctx>('read', async (req, { params }) => {
  const p = new URL(req.url).searchParams;
  return NextResponse.json(await findDuplicates({
    collection: (await params).id, namespace: p.get('namespace'), threshold: p.get('threshold'), k: p.get('k'), limit: p.get('limit'), after: p.get('after'),
  }));
});

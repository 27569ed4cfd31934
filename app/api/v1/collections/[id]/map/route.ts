import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { memoryMap } from '@/lib/map/map';

type Ctx = { params: Promise<{ id: string }> };

/** The memory map as JSON points: ?namespace=&color=namespace|tag|meta:<key>&method=umap|pca&seed= (UMAP status and progress inside). */
export const GET = withAccess<Ctx>('read', async (req, { params }) => {
  const p = new URL(req.url).searchParams;
  return NextResponse.json(await memoryMap({
    collection: (await params).id, namespace: p.get('namespace'), color: p.get('color'), method: p.get('method'), seed: p.get('seed'),
  }));
});

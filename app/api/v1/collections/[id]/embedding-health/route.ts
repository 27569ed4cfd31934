import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { collectionEmbeddingHealth } from '@/lib/embedding-health/jobs';

type Ctx = { params: Promise<{ id: string }> };

/** Embedding health figures and the latest "embed all missing" job: ?stale_days=90 */
export const GET = withAccess<Ctx>('read', async (req, { params }) =>
  NextResponse.json(await collectionEmbeddingHealth({ collection: (await params).id, stale_days: new URL(req.url).searchParams.get('stale_days') })));

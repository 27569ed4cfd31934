import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { startTune, tuningState } from '@/lib/search/tuning';

type Ctx = { params: Promise<{ id: string }> };

/** Starts a tune run { target?, k?, queries? }; 202 with its id. Admins only (one run per collection at a time). */
export const POST = withAccess<Ctx>('admin', async (req, { params, caller }) => {
  const body = await readJson(req);
  return NextResponse.json({ id: await startTune(caller.actor, (await params).id, body) }, { status: 202 });
});

/** The collection's saved ef_search default and its latest tune run (progress and curve). */
export const GET = withAccess<Ctx>('read', async (_req, { params }) => NextResponse.json(await tuningState((await params).id)));

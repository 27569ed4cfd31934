import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { startEmbedJob } from '@/lib/embedding-health/jobs';

type Ctx = { params: Promise<{ id: string }> };

/** Starts embedding the rows without a vector (admins), or answers the job already running. */
export const POST = withAccess<Ctx>('admin', async (_req, { params, caller }) =>
  NextResponse.json(await startEmbedJob(caller.actor, { collection: (await params).id }), { status: 202 }));

import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { cancelEmbedJob, getEmbedJob } from '@/lib/embedding-health/jobs';

type Ctx = { params: Promise<{ id: string }> };

/** An "embed all missing" job's progress, from any instance. */
export const GET = withAccess<Ctx>('read', async (_req, { params }) => NextResponse.json(await getEmbedJob((await params).id)));

/** Cancels it (admins); its worker, on whichever instance, stops before its next batch. */
export const DELETE = withAccess<Ctx>('admin', async (_req, { params, caller }) => NextResponse.json(await cancelEmbedJob(caller.actor, (await params).id)));

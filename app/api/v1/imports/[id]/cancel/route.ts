import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { cancelImportJob } from '@/lib/imports/jobs';

type Ctx = { params: Promise<{ id: string }> };

/** Stops the import after its current batch; what was committed stays (re-running it is safe). */
export const POST = withAccess<Ctx>('write', async (_req, { params }) => NextResponse.json(await cancelImportJob((await params).id)));

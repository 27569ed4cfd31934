import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { getImportJob } from '@/lib/imports/jobs';

type Ctx = { params: Promise<{ id: string }> };

export const GET = withAccess<Ctx>('read', async (_req, { params }) => NextResponse.json(await getImportJob((await params).id)));

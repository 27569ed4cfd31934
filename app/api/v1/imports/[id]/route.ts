import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/api';
import { getImportJob } from '@/lib/import-jobs';

type Ctx = { params: Promise<{ id: string }> };

export const GET = withAccess<Ctx>('read', async (_req, { params }) => NextResponse.json(await getImportJob((await params).id)));

import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { listNamespaces } from '@/lib/memories/namespaces';

export const GET = withAccess('read', async () => NextResponse.json({ namespaces: await listNamespaces() }));

import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/api';
import { listNamespaces } from '@/lib/namespaces';

export const GET = withAccess('read', async () => NextResponse.json({ namespaces: await listNamespaces() }));

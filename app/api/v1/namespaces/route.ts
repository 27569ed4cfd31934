import { NextResponse } from 'next/server';
import { withRole } from '@/lib/api';
import { listNamespaces } from '@/lib/namespaces';

export const GET = withRole('read', async () => NextResponse.json({ namespaces: await listNamespaces() }));

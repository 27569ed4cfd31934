import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { embedMemory } from '@/lib/memories/memories';

type Ctx = { params: Promise<{ namespace: string; key: string }> };

/** Computes the embedding of an entry with the configured provider. */
export const POST = withAccess<Ctx>('write', async (_req, { params, caller }) => {
  const { namespace, key } = await params;
  const vector = await embedMemory(caller.actor, namespace, key);
  return NextResponse.json({ dimension: vector.length });
});

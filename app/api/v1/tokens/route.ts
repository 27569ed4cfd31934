import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { createToken, listTokens } from '@/lib/tokens/tokens';

export const GET = withAccess('admin', async () => NextResponse.json({ tokens: await listTokens() }));

/** { name, scope: read|write, expiresInDays?: 30|90|365|null (never) } → the token, shown this once. */
export const POST = withAccess('admin', async (req, { caller }) => {
  const { token, summary } = await createToken(caller.actor, await readJson(req));
  return NextResponse.json({ token, ...summary }, { status: 201 });
});

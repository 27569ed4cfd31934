import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { signalBackend } from '@/lib/health/db-stats';
import { ValidationError } from '@/lib/errors';

type Ctx = { params: Promise<{ pid: string }> };

/** { action: "cancel" | "terminate" } — cancel the running query or close the session (admins). */
export const POST = withAccess<Ctx>('admin', async (req, { params, caller }) => {
  const { action } = (await readJson(req)) as { action?: string };
  if (action !== 'cancel' && action !== 'terminate') throw new ValidationError('action', 'must be cancel or terminate');
  const ok = await signalBackend(caller.actor, (await params).pid, action);
  return NextResponse.json({ ok });
});

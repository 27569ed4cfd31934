import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { maintenanceProgress, runMaintenance } from '@/lib/health/db-stats';
import { ValidationError } from '@/lib/errors';

/** What VACUUM and REINDEX are doing right now, from pg_stat_progress_*. */
export const GET = withAccess('read', async () => NextResponse.json({ progress: await maintenanceProgress() }));

/** { kind: "vacuum", table: "schema.table" } or { kind: "reindex", index: "schema.index" } (admins). */
export const POST = withAccess('admin', async (req, { caller }) => {
  const body = (await readJson(req)) as { kind?: string; table?: string; index?: string };
  if (body.kind === 'vacuum') return NextResponse.json(await runMaintenance(caller.actor, 'vacuum', body.table));
  if (body.kind === 'reindex') return NextResponse.json(await runMaintenance(caller.actor, 'reindex', body.index));
  throw new ValidationError('kind', 'must be vacuum or reindex');
});

// What an import that stopped part-way says, in the browser job and on the command line alike: how
// many rows are in the database, and whether running the same file again is safe.
import { isConnectionError, requestDbError } from '@/lib/db/errors';

/** The reason, with the database's own words when it is the database. */
export function stopCause(err: unknown): string {
  const detail = ((err as Error)?.message ?? String(err)).trim().replace(/\.$/, '');
  if (isConnectionError(err)) return `the database stopped answering (${detail})`;
  return requestDbError(err)?.message.replace(/\.$/, '') ?? detail;
}

/**
 * `committed`: rows whose batch the database acknowledged; the batch in flight when the connection
 * was lost may have been committed too, hence "at least". `idempotent`: rows are upserted on their
 * key (always for namespaces), so a re-run finishes the job.
 */
export function stoppedMessage(cause: string, committed: number, idempotent: boolean): string {
  const rows = `At least ${committed} row(s) were committed`;
  return idempotent
    ? `The import stopped: ${cause}. ${rows}; re-run to finish: the import is idempotent.`
    : `The import stopped: ${cause}. ${rows}; the file gives no unique key, so a re-run would add those rows again: import only the rest.`;
}

// One clear line for each way a database can fail the console at start: what failed, what to do.
import { redactUrl } from '@/lib/config';
import { AppError } from '@/lib/errors';

interface PgLikeError {
  code?: string;
  message?: string;
  errors?: PgLikeError[];
}

function where(url: string) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}`;
  } catch {
    return redactUrl(url);
  }
}

/** pg's or Node's error code; a refused dual-stack connect is an AggregateError with the causes inside. */
const errorCode = (e: PgLikeError) => e.code ?? e.errors?.find((x) => x.code)?.code;

export function describeDbError(err: unknown, url: string, variable = 'DATABASE_URL'): string {
  const e = (err ?? {}) as PgLikeError;
  const code = errorCode(e);
  const user = (() => {
    try {
      return decodeURIComponent(new URL(url).username) || '(default user)';
    } catch {
      return '(unknown user)';
    }
  })();
  const db = (() => {
    try {
      return new URL(url).pathname.slice(1) || '(default database)';
    } catch {
      return '(unknown database)';
    }
  })();
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot reach PostgreSQL at ${where(url)} (connection refused). Start the server or fix ${variable}.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot resolve the database host in ${variable} (${where(url)}). Check the host name.`;
    case 'ETIMEDOUT':
      return `Connecting to PostgreSQL at ${where(url)} timed out. Check ${variable} and the network.`;
    case '28P01':
      return `PostgreSQL at ${where(url)} rejected the password for user "${user}". Fix the password in ${variable}.`;
    case '28000':
      return `PostgreSQL at ${where(url)} refused user "${user}" (${e.message}). Check the user in ${variable} and pg_hba.conf.`;
    case '3D000':
      return `Database "${db}" does not exist on ${where(url)}. Create it (createdb ${db}) or fix ${variable}.`;
    case '57P03':
      return `PostgreSQL at ${where(url)} is starting up or shutting down. Try again in a moment.`;
  }
  if (/timeout/i.test(e.message ?? '')) {
    return `Connecting to PostgreSQL at ${where(url)} timed out. Check ${variable} and the network.`;
  }
  return `Database error at ${where(url)}: ${e.message ?? String(err)}`;
}

/**
 * A database failure while serving a request, as something a person can act on: a statement that
 * ran into the timeout, or a database that does not answer. Null for anything else.
 */
export function requestDbError(err: unknown): AppError | null {
  const e = (err ?? {}) as PgLikeError & { meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  const code = errorCode(e);
  const unavailable = () =>
    new AppError('The database is not answering. The Health page shows each pool’s status; try again when it is back.', 503, 'database_unavailable');
  // Prisma reports a server it cannot reach through its driver adapter, not with pg's codes.
  const adapterKind = e.meta?.driverAdapterError?.cause?.kind;
  if (adapterKind === 'DatabaseNotReachable' || adapterKind === 'ConnectionClosed' || adapterKind === 'SocketTimeout') {
    return unavailable();
  }
  if (code === '57014' && /statement timeout/i.test(e.message ?? '')) {
    const ms = process.env.DB_STATEMENT_TIMEOUT_MS ?? '30000';
    return new AppError(`The query ran longer than the statement timeout (${ms} ms, DB_STATEMENT_TIMEOUT_MS) and was cancelled.`, 503, 'statement_timeout');
  }
  // A backstop behind the validators: input Postgres refused as text or as too deeply nested is the
  // caller's, and the statement wrote nothing.
  if (code === '22021' || code === '22P05') {
    return new AppError('A text value contains a character PostgreSQL cannot store (NUL \\u0000 or a lone surrogate); nothing was written.', 400, 'invalid_text');
  }
  if (code === '54001') return new AppError('The input is nested too deeply for PostgreSQL; nothing was written.', 400, 'input_too_complex');
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P01' || code === '57P03' || /Connection terminated|timeout exceeded when trying to connect/i.test(e.message ?? '')) {
    return unavailable();
  }
  return null;
}

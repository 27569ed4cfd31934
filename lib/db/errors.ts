// One clear line for each way a database can fail the console at start: what failed, what to do.
import { redactUrl } from '@/lib/config';
import { AppError } from '@/lib/errors';
import { poolerRefusal } from './pooler';
import { RETRY_AFTER_SECONDS } from './outage';

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
  const refused = poolerRefusal(err, variable);
  if (refused) return refused;
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

// How long a client should wait before trying again after a 503 database_unavailable (kept with the
// outage state, which proxy.ts also reads).
export { RETRY_AFTER_SECONDS };

/** The database did not answer (down, restarting, connection lost): 503 with Retry-After. */
export class DatabaseUnavailableError extends AppError {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  constructor() {
    super('The database is not answering. The Health page shows each pool’s status; try again when it is back.', 503, 'database_unavailable');
  }
}

// SQLSTATEs that mean "no usable connection": admin/crash shutdown, starting up, class 08 (connection
// exception), too many connections. Node's socket errors likewise.
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
// Prisma's own codes for the same: can't reach (P1001), timed out (P1002, P1008), connection closed (P1017).
const PRISMA_CONNECTION_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017']);
// The adapter's kinds (@prisma/adapter-pg's convertDriverError) for socket errors and a full server.
const ADAPTER_CONNECTION_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// pg's own errors for a connection that broke or never came; they carry no code.
const CONNECTION_MESSAGES =
  /Connection terminated|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|Connection ended unexpectedly|timeout exceeded when trying to connect|Can't reach database server|the database system is (starting up|shutting down|in recovery|not yet accepting connections)|terminating connection due to/i;

interface ErrorLike extends PgLikeError {
  cause?: unknown;
  originalCode?: string;
  kind?: string;
  meta?: { driverAdapterError?: unknown };
}

/**
 * True when err (or what it wraps: pg's error inside Prisma's P2039/P2010/P1001/P1017, an
 * AggregateError of a dual-stack connect, an Error's cause) says the database is not reachable.
 */
export function isConnectionError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as ErrorLike;
  const code = e.code ?? e.originalCode;
  if (code && (CONNECTION_CODES.has(code) || PRISMA_CONNECTION_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (e.kind && ADAPTER_CONNECTION_KINDS.has(e.kind)) return true;
  if (typeof e.message === 'string' && CONNECTION_MESSAGES.test(e.message)) return true;
  if (e.errors?.some((x) => isConnectionError(x, depth + 1))) return true;
  return isConnectionError(e.meta?.driverAdapterError, depth + 1) || isConnectionError(e.cause, depth + 1);
}

/**
 * A database failure while serving a request, as something a person can act on: a statement that
 * ran into the timeout, or a database that does not answer. Null for anything else.
 */
export function requestDbError(err: unknown): AppError | null {
  if (err instanceof AppError) return null;
  const e = (err ?? {}) as PgLikeError & { meta?: { driverAdapterError?: { cause?: { originalCode?: string; originalMessage?: string } } } };
  const cause = e.meta?.driverAdapterError?.cause; // the same error through Prisma (P2039/P2010)
  const code = errorCode(e) ?? cause?.originalCode;
  if (code === '57014' && /statement timeout/i.test(e.message ?? cause?.originalMessage ?? '')) {
    const ms = process.env.DB_STATEMENT_TIMEOUT_MS ?? '30000';
    return new AppError(`The query ran longer than the statement timeout (${ms} ms, DB_STATEMENT_TIMEOUT_MS) and was cancelled.`, 503, 'statement_timeout');
  }
  // A backstop behind the validators: input Postgres refused as text or as too deeply nested is the
  // caller's, and the statement wrote nothing.
  if (code === '22021' || code === '22P05') {
    return new AppError('A text value contains a character PostgreSQL cannot store (NUL \\u0000 or a lone surrogate); nothing was written.', 400, 'invalid_text');
  }
  if (code === '54001') return new AppError('The input is nested too deeply for PostgreSQL; nothing was written.', 400, 'input_too_complex');
  return isConnectionError(err) ? new DatabaseUnavailableError() : null;
}

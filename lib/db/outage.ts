// What this console instance last saw of its project database: when a connection to it last failed
// and when it last answered. Pools write it (lib/db/pools.ts); proxy.ts reads it to answer pages with
// 503 + Retry-After while the database is down, instead of rendering pages that would fail with 500
// (a server component that throws before streaming makes Next.js answer 500, vercel/next.js #56236).
//
// Kept on globalThis, with no imports: the proxy is bundled apart from the pages and route handlers,
// and only the process they share makes them see one state.

interface OutageState {
  /** Date.now() of the last connection-class failure (connect refused, connection lost, shutting down). */
  failedAt: number;
  /** Date.now() of the last query that got an answer. */
  answeredAt: number;
}

const g = globalThis as unknown as { __recallOutage?: OutageState };
const state = (): OutageState => (g.__recallOutage ??= { failedAt: 0, answeredAt: 0 });

// How long a client should wait before trying again after a 503 database_unavailable.
export const RETRY_AFTER_SECONDS = 5;

// How long one failure keeps pages answered 503 without another look at the database. Anything that
// asks the database meanwhile (the outage page's own /api/health poll, the API) renews it or ends it;
// past it, the next page render asks the database itself. As long as Retry-After says.
export const OUTAGE_NOTICE_MS = RETRY_AFTER_SECONDS * 1000;

export function noteDatabaseUnreachable(now = Date.now()): void {
  state().failedAt = now;
}

export function noteDatabaseAnswered(now = Date.now()): void {
  state().answeredAt = now;
}

/** The last word from the database was a connection failure, less than OUTAGE_NOTICE_MS ago. */
export function databaseRecentlyUnreachable(now = Date.now()): boolean {
  const s = state();
  return s.failedAt > s.answeredAt && now - s.failedAt < OUTAGE_NOTICE_MS;
}

/** For tests: forget what was seen. */
export function resetOutageState(): void {
  g.__recallOutage = { failedAt: 0, answeredAt: 0 };
}

// What a transaction pooler (PgBouncer, Supabase's Supavisor, RDS Proxy) refuses, said as the setting
// to change. Recall keeps no session state between statements (advisory locks are transaction-level,
// SET is SET LOCAL, no named prepared statements), so the one thing a pooler can object to is the
// statement_timeout startup parameter each pool connection sends.

/** One line for a pooler's refusal of a startup parameter, or null when err is something else. */
export function poolerRefusal(err: unknown, variable = 'DATABASE_URL'): string | null {
  const message = (err as { message?: string } | null)?.message ?? '';
  const m = /unsupported startup parameter: (\S+)/i.exec(message);
  if (!m) return null;
  const param = m[1];
  return (
    `The connection pooler at ${variable} refused the startup parameter "${param}" (PgBouncer does for any it does not know). ` +
    `Add \`ignore_startup_parameters = ${param}\` to pgbouncer.ini` +
    (param === 'statement_timeout'
      ? `, or set DB_STATEMENT_TIMEOUT_MS=0 so Recall does not send it; then set the timeout on the role instead (ALTER ROLE <user> SET statement_timeout = '30s').`
      : '.')
  );
}

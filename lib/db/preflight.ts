// Checks a server can hold Recall's schema before any migration touches it.
import type { Queryable } from './pools';

export class MissingExtensionError extends Error {}

const MIN_PGVECTOR = [0, 5, 0];
const MIN_POSTGRES = 140000;

function versionAtLeast(version: string, min: number[]) {
  const parts = version.split('.').map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < min.length; i++) {
    if ((parts[i] ?? 0) !== min[i]) return (parts[i] ?? 0) > min[i];
  }
  return true;
}

export interface ServerInfo {
  serverVersion: string;
  serverVersionNum: number;
  pgvectorAvailable: string | null;
  pgvectorInstalled: string | null;
  /** Whether the connected role may run CREATE EXTENSION vector (superuser, or trusted + CREATE on the database). */
  canCreatePgvector: boolean;
  role: string;
  database: string;
}

export async function serverInfo(db: Queryable): Promise<ServerInfo> {
  const { rows } = await db.query(`
    SELECT current_setting('server_version') AS server_version,
           current_setting('server_version_num')::int AS server_version_num,
           (SELECT default_version FROM pg_available_extensions WHERE name = 'vector') AS available,
           (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS installed,
           current_user AS role, current_database() AS database,
           COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = current_user), false)
             OR (COALESCE((SELECT bool_or(trusted) FROM pg_available_extension_versions WHERE name = 'vector'), false)
                 AND has_database_privilege(current_database(), 'CREATE')) AS can_create`);
  return {
    serverVersion: rows[0].server_version,
    serverVersionNum: rows[0].server_version_num,
    pgvectorAvailable: rows[0].available,
    pgvectorInstalled: rows[0].installed,
    canCreatePgvector: rows[0].can_create,
    role: rows[0].role,
    database: rows[0].database,
  };
}

export async function preflight(db: Queryable): Promise<ServerInfo> {
  const info = await serverInfo(db);
  const version = info.serverVersion.split(' ')[0];
  if (info.serverVersionNum < MIN_POSTGRES) {
    throw new MissingExtensionError(
      `PostgreSQL ${version} is too old: Recall needs PostgreSQL 14 or newer.`,
    );
  }
  const pgvector = info.pgvectorInstalled ?? info.pgvectorAvailable;
  if (!pgvector) {
    const major = Math.floor(info.serverVersionNum / 10000);
    throw new MissingExtensionError(
      `The pgvector extension is not installed on this PostgreSQL ${version} server. ` +
        `Install it (Debian/Ubuntu: apt install postgresql-${major}-pgvector), ` +
        'or unset DATABASE_URL to use the embedded database.',
    );
  }
  if (!info.pgvectorInstalled && !info.canCreatePgvector) {
    // Managed servers: the extension is there, but only an administrator may create it.
    throw new MissingExtensionError(
      `pgvector ${pgvector} is available on this PostgreSQL ${version} server but not created in database "${info.database}", ` +
        `and the role "${info.role}" may not create it. Ask an administrator to run CREATE EXTENSION vector; in "${info.database}", ` +
        'or unset DATABASE_URL to use the embedded database.',
    );
  }
  if (!versionAtLeast(pgvector, MIN_PGVECTOR)) {
    throw new MissingExtensionError(
      `pgvector ${pgvector} is too old: Recall needs pgvector 0.5 or newer (ALTER EXTENSION vector UPDATE).`,
    );
  }
  return info;
}

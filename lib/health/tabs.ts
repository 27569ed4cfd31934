// The Health page in tabs: each tab loads only its own queries, so a page view costs one tab's
// catalogue reads instead of all of them (pg_stat_statements and the table sizes are the slow ones).
import { z } from 'zod';
import { indexStats, sessions, statements, tableStats } from '@/lib/health/db-stats';
import { redisStatus } from '@/lib/health/redis';
import { primaryReplication } from '@/lib/db/replicas';

export const HEALTH_TABS = [
  { id: 'live', label: 'Live' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'queries', label: 'Queries' },
  { id: 'tables', label: 'Tables & indexes' },
  { id: 'maintenance', label: 'Maintenance' },
] as const;
export type HealthTab = (typeof HEALTH_TABS)[number]['id'];

const tabField = z.enum(HEALTH_TABS.map((t) => t.id) as [HealthTab, ...HealthTab[]]);

/** The tabs a role sees: maintenance is for admins only. */
export const healthTabsFor = (isAdmin: boolean) => HEALTH_TABS.filter((t) => isAdmin || t.id !== 'maintenance');

/** ?tab= → a tab this user may see; anything else (absent, unknown, not allowed) is Live. */
export function parseHealthTab(raw: unknown, isAdmin: boolean): HealthTab {
  const parsed = tabField.safeParse(raw);
  if (!parsed.success) return 'live';
  return healthTabsFor(isAdmin).some((t) => t.id === parsed.data) ? parsed.data : 'live';
}

type Loaded<T extends (...a: never[]) => unknown> = Awaited<ReturnType<T>>;
export type HealthTabData =
  | { tab: 'live'; redis: Loaded<typeof redisStatus>; standbys: Loaded<typeof primaryReplication> }
  | { tab: 'sessions'; sessions: Loaded<typeof sessions> }
  | { tab: 'queries'; statements: Loaded<typeof statements> }
  | { tab: 'tables'; tables: Loaded<typeof tableStats>; indexes: Loaded<typeof indexStats> }
  | { tab: 'maintenance'; tables: string[]; vectorIndexes: string[] };

/**
 * The visible tab's data; null when the database does not answer (the Live tab still renders, its
 * pool cards poll on their own).
 */
export async function loadHealthTab(tab: HealthTab): Promise<HealthTabData | null> {
  try {
    switch (tab) {
      case 'live': {
        const [redis, standbys] = await Promise.all([redisStatus(), primaryReplication().catch(() => [])]);
        return { tab, redis, standbys };
      }
      case 'sessions': return { tab, sessions: await sessions() };
      case 'queries': return { tab, statements: await statements() };
      case 'tables': {
        const [tables, indexes] = await Promise.all([tableStats(), indexStats()]);
        return { tab, tables, indexes };
      }
      case 'maintenance': {
        const [tables, indexes] = await Promise.all([tableStats(), indexStats()]);
        return { tab, tables: tables.map((t) => `${t.schema}.${t.table}`), vectorIndexes: indexes.filter((i) => i.vector).map((i) => `${i.schema}.${i.index}`) };
      }
    }
  } catch {
    return null;
  }
}

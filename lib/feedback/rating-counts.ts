// Keeps the rating counts' change tables short (sql/migrations/0019_rating_counts.sql): every instance
// asks once a minute, and whichever gets the advisory lock folds the changes into the totals. Readers
// add the changes themselves, so the figures are exact whether or not this has run.
// Given its store, so the database modules can start it without importing this domain's queries.
import type { Queryable } from '@/lib/db/queryable';

export const COMPACT_EVERY_MS = 60_000;

/** Folds the appended rating changes into the totals. Returns how many changes it folded (0 when another instance is at it). */
export async function compactRatingCounts(db: Queryable) {
  const { rows } = await db.query<{ n: string }>('SELECT recall.compact_rating_counts() AS n');
  return Number(rows[0].n);
}

const globalForCompaction = globalThis as unknown as { __recallRatingCompaction?: boolean };

export function startRatingCompaction(store: () => Queryable) {
  if (globalForCompaction.__recallRatingCompaction) return;
  globalForCompaction.__recallRatingCompaction = true;
  const round = () => {
    try {
      // A database that is down, or not migrated yet: the next round tries again.
      compactRatingCounts(store()).catch(() => {});
    } catch {
      // not configured yet
    }
  };
  // Once soon after start (changes written while no instance ran), then every minute.
  setTimeout(round, 5_000).unref();
  setInterval(round, COMPACT_EVERY_MS).unref();
}

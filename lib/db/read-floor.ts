// Read-your-own-writes with replicas. After a caller writes, the primary's WAL position is recorded
// under the caller (a user or a token) in the state backend (Redis when several instances run), and
// that caller's reads go to a replica only once the replica has replayed past it; until then, to the
// primary. Other callers keep reading replicas. Without replicas none of this runs.
import { replicaCheckIntervalMs, replicaMaxLagMs, replicaPoolSettings } from '@/lib/config';
import { stateBackend } from '@/lib/state/backend';
import { projectPool } from './pools';

/** A WAL position ('16/B374D848') as a number. */
export function parseLsn(text: string): bigint {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!m) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

// Fixed-width hex, so the state backend can keep the larger of two positions by comparing text.
const key = (principal: string) => `read-floor:${principal}`;
const toHex = (lsn: bigint) => lsn.toString(16).padStart(16, '0');

/** Past this, any replica in rotation has long replayed the write (it would have left the rotation otherwise). */
const floorTtlMs = () => Math.max(60_000, 10 * (replicaMaxLagMs() + replicaCheckIntervalMs()));

export const replicasConfigured = () => replicaPoolSettings().length > 0;

/** After `principal` ('user:<id>', 'token:<id>') wrote: its reads wait for a replica that has the write. */
export async function recordWrite(principal: string): Promise<void> {
  if (!replicasConfigured()) return;
  try {
    const { rows } = await projectPool().query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    await stateBackend().keepMax(key(principal), toHex(parseLsn(rows[0].lsn)), floorTtlMs());
  } catch (err) {
    // The write itself committed; without a floor this caller may briefly read a replica's older state.
    console.warn(`[recall] could not record the read floor of ${principal}: ${(err as Error).message}`);
  }
}

/**
 * The WAL position `principal`'s reads must see: null when it has not written lately. When the state
 * backend cannot be asked, reads go to the primary (a position no replica has reached).
 */
export async function floorOf(principal: string | null): Promise<bigint | null> {
  if (!principal || !replicasConfigured()) return null;
  try {
    const held = await stateBackend().readMax(key(principal));
    return held ? BigInt(`0x${held}`) : null;
  } catch {
    return PRIMARY_ONLY;
  }
}

/** A floor no replica reaches: read the primary. */
export const PRIMARY_ONLY = (1n << 64n) - 1n;

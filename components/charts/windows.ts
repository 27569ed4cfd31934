import type { WindowName } from '@/lib/metrics/series';

/** The windows every chart over time offers (Health, Agents), by the names people read. */
export const WINDOW_LABELS: Record<WindowName, string> = { '15m': '15 min', '1h': '1 hour', '24h': '24 hours', '7d': '7 days' };

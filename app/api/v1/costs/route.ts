import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { costSeries, costTotals } from '@/lib/feedback/analytics';

/** ?from=YYYY-MM-DD&to=YYYY-MM-DD → totals (today, month, range, cost per good generation) and the daily series. */
export const GET = withAccess('read', async (req) => {
  const p = new URL(req.url).searchParams;
  const range = { from: p.get('from') ?? undefined, to: p.get('to') ?? undefined };
  const [totals, daily] = await Promise.all([costTotals(range), costSeries({ period: 'daily', ...range })]);
  return NextResponse.json({ totals, daily });
});

import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { ratingBy, ratingDistribution, ratingOverTime } from '@/lib/feedback/analytics';

/** Rating distribution, average per day (?bucket=day|week), and averages by template, model and provider. */
export const GET = withAccess('read', async (req) => {
  const bucket = new URL(req.url).searchParams.get('bucket') ?? undefined;
  const [distribution, overTime, template, model, provider] = await Promise.all([
    ratingDistribution(), ratingOverTime({ bucket }), ratingBy('template'), ratingBy('model'), ratingBy('provider'),
  ]);
  return NextResponse.json({ distribution, overTime, by: { template, model, provider } });
});

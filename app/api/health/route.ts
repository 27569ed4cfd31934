// For load balancers: no sign-in, 503 when the project database is down.
import { NextResponse } from 'next/server';
import { poolHealth } from '@/lib/health/pools';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const pools = await poolHealth();
    const ok = pools.find((p) => p.name === 'project')?.status === 'healthy';
    // The per-second history is for the signed-in Health page; a load balancer needs the state.
    const summary = pools.map(({ recent: _recent, ...pool }) => pool);
    return NextResponse.json({ status: ok ? 'healthy' : 'unhealthy', pools: summary }, { status: ok ? 200 : 503 });
  } catch (err) {
    return NextResponse.json({ status: 'unhealthy', error: (err as Error).message }, { status: 503 });
  }
}

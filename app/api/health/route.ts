// For load balancers: no sign-in, 503 when the project database is down.
import { NextResponse } from 'next/server';
import { poolHealth } from '@/lib/health/pools';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const pools = await poolHealth();
    const ok = pools.find((p) => p.name === 'project')?.status === 'healthy';
    return NextResponse.json({ status: ok ? 'healthy' : 'unhealthy', pools }, { status: ok ? 200 : 503 });
  } catch (err) {
    return NextResponse.json({ status: 'unhealthy', error: (err as Error).message }, { status: 503 });
  }
}

// Liveness for orchestrators: the process answers, without touching a database (readiness is /api/health).
// Also the floor bench:search measures: the least a route handler of this app costs per request.
import { NextResponse } from 'next/server';

export const dynamic = 'force-dynamic';

export function GET() {
  return NextResponse.json({ status: 'live' });
}

import { NextResponse } from 'next/server';
import { memoryDimension } from '@/lib/memories/memories';
import { openApiDocument } from '@/lib/http/openapi';
import { errorResponse } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    return NextResponse.json(openApiDocument(await memoryDimension()));
  } catch (err) {
    return errorResponse(err);
  }
}

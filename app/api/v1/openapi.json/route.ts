import { NextResponse } from 'next/server';
import { memoryDimension } from '@/lib/memories';
import { openApiDocument } from '@/lib/openapi';
import { errorResponse } from '@/lib/api';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    return NextResponse.json(openApiDocument(await memoryDimension()));
  } catch (err) {
    return errorResponse(err);
  }
}

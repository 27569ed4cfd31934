import { NextResponse } from 'next/server';
import { readJson, withAccess } from '@/lib/http/route';
import { searchCollection } from '@/lib/search/search';
import { searchBody } from '@/lib/search/params';

/** Similarity search: { text | vector | like, namespace?, limit?, min_similarity?, tags?, metadata?, distance?, ef_search?, exact?, iterative?, explain?, collection? } */
export const POST = withAccess('read', async (req) => {
  const started = performance.now();
  const result = await searchCollection(searchBody(await readJson(req)));
  return NextResponse.json({ ...result, timings: { ...result.timings, totalMs: performance.now() - started } });
});

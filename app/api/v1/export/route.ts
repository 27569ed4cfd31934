import { withAccess } from '@/lib/http/route';
import { downloadResponse, exportCollection, exportNamespace } from '@/lib/imports/export';
import { ValidationError } from '@/lib/errors';

/** Streams ?namespace= or ?collection= as ?format=jsonl|csv, with ?vectors=true for embeddings; ?limit=N for the first N rows. */
export const GET = withAccess('read', async (req) => {
  const p = new URL(req.url).searchParams;
  const options = { format: p.get('format') ?? undefined, vectors: p.get('vectors') ?? undefined, limit: p.get('limit') ?? undefined, raw: p.get('raw') ?? undefined };
  const namespace = p.get('namespace');
  const collection = p.get('collection');
  if (namespace && !collection) return downloadResponse(exportNamespace(namespace, options));
  if (collection && !namespace) return downloadResponse(await exportCollection(collection, options));
  throw new ValidationError('namespace', 'give exactly one of namespace or collection');
});

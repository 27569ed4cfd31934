// How a search hit is shown: a line of text from whichever column carries it, and where it opens.
import { MEMORY_COLLECTION } from '@/lib/collections/catalog';

const TEXT_COLUMNS = ['value', 'content', 'title', 'name', 'pattern_name'];

export function hitText(row: Record<string, unknown>): string {
  const text = TEXT_COLUMNS.map((k) => row[k]).find((v) => typeof v === 'string') as string | undefined;
  const meta = row.metadata as Record<string, unknown> | undefined;
  return text ?? (typeof meta?.title === 'string' ? meta.title : JSON.stringify(row).slice(0, 200));
}

export function hitHref(collectionId: string, key: string, row: Record<string, unknown>): string {
  return collectionId === MEMORY_COLLECTION
    ? `/namespaces/${encodeURIComponent(String(row.namespace))}/${encodeURIComponent(String(row.key))}`
    : `/collections/${encodeURIComponent(collectionId)}?row=${encodeURIComponent(key)}`;
}

import Link from 'next/link';
import { SimilarityBar } from './similarity-bar';
import { similarityRange } from './similarity-scale';

export interface Neighbour {
  key: string;
  similarity: number;
  href: string;
  title: string;
  /** A line of the neighbour's content under its title. */
  excerpt?: string;
}

/** Nearest rows by similarity, each a bar and a link: an entry's neighbours, a template's look-alikes. */
export function NeighbourList({ items, testId }: { items: Neighbour[]; testId: string }) {
  const range = similarityRange(items.map((n) => n.similarity));
  return (
    <ol className="divide-y divide-slate-100" data-testid={testId}>
      {items.map((n) => (
        <li key={n.key} className="flex items-center gap-4 py-2">
          <SimilarityBar value={n.similarity} range={range} />
          <div className="min-w-0">
            <Link className="block truncate font-mono text-xs text-indigo-700 hover:underline" href={n.href}>{n.title}</Link>
            {n.excerpt !== undefined ? <p className="truncate text-sm text-slate-600">{n.excerpt}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

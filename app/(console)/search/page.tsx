import { NotBuiltYet } from '@/components/ui/primitives';
import { requirePage } from '@/lib/auth/guard';

export const metadata = { title: 'Search' };

export default async function SearchPage() {
  await requirePage('read', '/search');
  return (
    <NotBuiltYet
      title="Search"
      what="Similarity search by text, by entry or by vector, with the plan, timings and recall against exact search."
      issue="Vector core: memory management, similarity search that explains itself, collections, import/export, HTTP API"
    />
  );
}

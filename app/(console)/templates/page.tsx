import { NotBuiltYet } from '@/components/ui/primitives';
import { requirePage } from '@/lib/auth/guard';

export const metadata = { title: 'Templates' };

export default async function TemplatesPage() {
  await requirePage('read', '/templates');
  return (
    <NotBuiltYet
      title="Templates"
      what="Browse, edit and promote templates, with similar templates found by vector search."
      issue="Templates, generations, feedback and a review queue for team reviewers"
    />
  );
}

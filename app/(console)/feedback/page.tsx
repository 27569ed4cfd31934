import { NotBuiltYet } from '@/components/ui/primitives';
import { requirePage } from '@/lib/auth/guard';

export const metadata = { title: 'Feedback' };

export default async function FeedbackPage() {
  await requirePage('read', '/feedback');
  return (
    <NotBuiltYet
      title="Feedback"
      what="Ratings and comments on generations, a keyboard-first review queue, and cost analytics."
      issue="Templates, generations, feedback and a review queue for team reviewers"
    />
  );
}

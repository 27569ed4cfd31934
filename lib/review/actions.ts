'use server';
import { action } from '@/lib/auth/action';
import { reassignClaim, releaseClaim, reviewerView, setRules, skipItem, submitReview, type ReviewerView } from './queue';

const view = async (r: { id: string; email: string }): Promise<{ view: ReviewerView }> => ({ view: (await reviewerView(r)).view });

export const loadReviewAction = action('review', async (r) => view(r));

export const submitReviewAction = action('review', async (r, generationId: string, rating: number, comment: string | null) => {
  await submitReview(r, generationId, { rating, comment });
  return { message: `Rated ${rating}.`, ...(await view(r)) };
});

export const skipReviewAction = action('review', async (r, generationId: string) => {
  await skipItem(r, generationId);
  return { message: 'Skipped.', ...(await view(r)) };
});

const REVIEW = { revalidate: ['/review'] } as const;

export const releaseClaimAction = action('admin', async (admin, _prev: unknown, form: FormData) => {
  await releaseClaim(admin, form.get('generationId'));
  return 'Released.';
}, REVIEW);

export const reassignClaimAction = action('admin', async (admin, _prev: unknown, form: FormData) => {
  await reassignClaim(admin, form.get('generationId'), form.get('reviewerId'));
  return 'Reassigned.';
}, REVIEW);

export const rulesAction = action('admin', async (admin, _prev: unknown, form: FormData) => {
  await setRules(admin, {
    includeUnrated: form.get('includeUnrated') === 'on',
    lowQuality: form.get('lowQuality'),
    lowRating: form.get('lowRating'),
  });
  return 'Queue rules saved.';
}, REVIEW);

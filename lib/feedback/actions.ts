'use server';
import { action } from '@/lib/auth/action';
import { addFeedback, editFeedback, removeFeedback } from './feedback';

const comment = (form: FormData) => {
  const c = form.get('comment');
  return typeof c === 'string' && c !== '' ? c : null;
};
// Feedback moves ratings on Feedback, Templates, Generations and Review: the whole console.
const FEEDBACK_PAGES = { revalidate: 'everything' } as const;

export const addFeedbackAction = action('review', async (user, _prev: unknown, form: FormData) => {
  await addFeedback({ id: user.id, email: user.email }, form.get('generationId'), { rating: form.get('rating'), comment: comment(form) });
  return 'Feedback added.';
}, FEEDBACK_PAGES);

export const editFeedbackAction = action('review', async (user, _prev: unknown, form: FormData) => {
  await editFeedback({ id: user.id, email: user.email }, form.get('feedbackId'), { rating: form.get('rating'), comment: comment(form) });
  return 'Feedback updated.';
}, FEEDBACK_PAGES);

export const removeFeedbackAction = action('review', async (user, _prev: unknown, form: FormData) => {
  await removeFeedback({ id: user.id, email: user.email }, user.role === 'admin', form.get('feedbackId'));
  return 'Feedback removed.';
}, FEEDBACK_PAGES);

'use server';
import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/guard';
import { runAction, type ActionResult } from '@/lib/http/route';
import { AppError } from '@/lib/errors';
import { reassignClaim, releaseClaim, reviewerView, setRules, skipItem, submitReview, type ReviewerView } from '@/lib/review/queue';

export interface ReviewState extends ReviewerView {
  error?: string;
  notice?: string;
}

async function reviewer() {
  const user = await requireRole('review');
  return { id: user.id, email: user.email };
}

async function current(r: { id: string; email: string }, extra: Partial<ReviewState> = {}): Promise<ReviewState> {
  return { ...(await reviewerView(r)).view, ...extra };
}

export async function loadReviewAction(): Promise<ReviewState> {
  return current(await reviewer());
}

export async function submitReviewAction(generationId: string, rating: number, comment: string | null): Promise<ReviewState> {
  const r = await reviewer();
  try {
    await submitReview(r, generationId, { rating, comment });
    return current(r, { notice: `Rated ${rating}.` });
  } catch (err) {
    if (err instanceof AppError) return current(r, { error: err.message });
    throw err;
  }
}

export async function skipReviewAction(generationId: string): Promise<ReviewState> {
  const r = await reviewer();
  try {
    await skipItem(r, generationId);
    return current(r, { notice: 'Skipped.' });
  } catch (err) {
    if (err instanceof AppError) return current(r, { error: err.message });
    throw err;
  }
}

export async function releaseClaimAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const admin = await requireRole('admin');
    await releaseClaim(admin, form.get('generationId'));
    revalidatePath('/review');
    return 'Released.';
  });
}

export async function reassignClaimAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const admin = await requireRole('admin');
    await reassignClaim(admin, form.get('generationId'), form.get('reviewerId'));
    revalidatePath('/review');
    return 'Reassigned.';
  });
}

export async function rulesAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const admin = await requireRole('admin');
    await setRules(admin, {
      includeUnrated: form.get('includeUnrated') === 'on',
      lowQuality: form.get('lowQuality'),
      lowRating: form.get('lowRating'),
    });
    revalidatePath('/review');
    return 'Queue rules saved.';
  });
}

'use server';
import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/guard';
import { runAction, type ActionResult } from '@/lib/api';
import { AppError } from '@/lib/errors';
import { getGeneration } from '@/lib/generations';
import { feedbackFor } from '@/lib/feedback';
import { claimNext, queueStatus, reassignClaim, releaseClaim, setRules, skipItem, submitReview } from '@/lib/review';

export interface ReviewItem {
  id: string;
  name: string;
  artifactType: string;
  description: string | null;
  content: string;
  qualityScore: number | null;
  provider: string | null;
  model: string | null;
  leaseUntil: string;
  earlier: { rating: number; comment: string | null; email: string | null }[];
}

export interface ReviewState {
  item: ReviewItem | null;
  status: { remaining: number; doneToday: number; reviewers: { email: string; reviewed: number }[] };
  error?: string;
  notice?: string;
}

async function reviewer() {
  const user = await requireRole('review');
  return { id: user.id, email: user.email };
}

async function current(r: { id: string; email: string }, extra: Partial<ReviewState> = {}): Promise<ReviewState> {
  const claim = await claimNext(r);
  const status = await queueStatus(r.id);
  let item: ReviewItem | null = null;
  if (claim) {
    const g = await getGeneration(claim.generationId);
    const earlier = await feedbackFor(claim.generationId);
    item = {
      id: g.id, name: g.name, artifactType: g.artifact_type, description: g.description, content: g.content,
      qualityScore: g.quality_score, provider: g.provider, model: g.model, leaseUntil: claim.leaseUntil.toISOString(),
      earlier: earlier.map((f) => ({ rating: f.rating, comment: f.comment, email: f.userEmail })),
    };
  }
  return { item, status: { remaining: status.remaining, doneToday: status.doneToday, reviewers: status.reviewers }, ...extra };
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

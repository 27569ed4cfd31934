'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth/guard';
import { runAction, type ActionResult } from '@/lib/http/route';
import { addFeedback, editFeedback, removeFeedback } from '@/lib/feedback/feedback';
import { promoteToTemplate } from '@/lib/generations/generations';

const comment = (form: FormData) => {
  const c = form.get('comment');
  return typeof c === 'string' && c !== '' ? c : null;
};

export async function addFeedbackAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireRole('review');
    await addFeedback({ id: user.id, email: user.email }, form.get('generationId'), { rating: form.get('rating'), comment: comment(form) });
    revalidatePath('/', 'layout');
    return 'Feedback added.';
  });
}

export async function editFeedbackAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireRole('review');
    await editFeedback({ id: user.id, email: user.email }, form.get('feedbackId'), { rating: form.get('rating'), comment: comment(form) });
    revalidatePath('/', 'layout');
    return 'Feedback updated.';
  });
}

export async function removeFeedbackAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireRole('review');
    await removeFeedback({ id: user.id, email: user.email }, user.role === 'admin', form.get('feedbackId'));
    revalidatePath('/', 'layout');
    return 'Feedback removed.';
  });
}

export async function promoteAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const admin = await requireRole('admin');
    const id = await promoteToTemplate(admin, form.get('generationId'));
    revalidatePath('/', 'layout');
    redirect(`/templates/${encodeURIComponent(id)}`);
  });
}

'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireRole } from '@/lib/auth/guard';
import { runAction, type ActionResult } from '@/lib/http/route';
import { deleteTemplate, saveTemplate } from '@/lib/templates/templates';

export async function saveTemplateAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const admin = await requireRole('admin');
    const id = String(form.get('id') ?? '') || null;
    const saved = await saveTemplate(admin, id, Object.fromEntries(['artifactType', 'name', 'pattern', 'content', 'qualityScore', 'source'].map((k) => [k, form.get(k) ?? undefined])));
    revalidatePath('/', 'layout');
    redirect(`/templates/${encodeURIComponent(saved)}`);
  });
}

export async function deleteTemplateAction(_prev: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const admin = await requireRole('admin');
    await deleteTemplate(admin, String(form.get('id') ?? ''));
    revalidatePath('/', 'layout');
    redirect('/templates');
  });
}

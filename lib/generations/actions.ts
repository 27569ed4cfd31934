'use server';
import { action } from '@/lib/auth/action';
import { promoteToTemplate } from './generations';

export const promoteAction = action('admin', async (admin, _prev: unknown, form: FormData) => {
  const id = await promoteToTemplate(admin, form.get('generationId'));
  return { redirect: `/templates/${encodeURIComponent(id)}` };
}, { revalidate: 'everything' });

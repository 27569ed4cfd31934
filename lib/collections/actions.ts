'use server';
import { action } from '@/lib/auth/action';
import { buildIndex, createCollection, dropCollection } from './collections';

const field = (form: FormData, name: string) => {
  const v = form.get(name);
  return v === null || v === '' ? undefined : String(v);
};

export const createCollectionAction = action('write', async (actor, _prev: unknown, form: FormData) => {
  const id = await createCollection(actor, {
    name: field(form, 'name'), dimension: field(form, 'dimension'), distance: field(form, 'distance'),
    m: field(form, 'm'), ef_construction: field(form, 'ef_construction'), index: form.get('index') !== null,
  });
  return { redirect: `/collections/${encodeURIComponent(id)}` };
}, { revalidate: ['/collections'] });

export const buildIndexAction = action('write', async (actor, _prev: unknown, form: FormData) => {
  const collection = String(form.get('collection') ?? '');
  const r = await buildIndex(actor, { collection, distance: field(form, 'distance'), m: field(form, 'm'), ef_construction: field(form, 'ef_construction') });
  return `Built ${r.index} in ${r.seconds.toFixed(1)} s.`;
}, { revalidate: ['/collections', '/collections/[id]'] });

export const dropCollectionAction = action('admin', async (actor, _prev: unknown, form: FormData) => {
  await dropCollection(actor, { collection: String(form.get('collection') ?? ''), confirm: form.get('confirm') ?? undefined });
  return { redirect: '/collections' };
}, { revalidate: ['/collections'] });

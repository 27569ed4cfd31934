'use server';
import { action } from '@/lib/auth/action';
import { purgeExpiredMemory } from './session-memory';

export const purgeExpiredAction = action('admin', async (admin, _prev: unknown) => {
  const n = await purgeExpiredMemory(admin);
  return `Purged ${n} expired ${n === 1 ? 'entry' : 'entries'}.`;
}, { revalidate: ['/session-memory'] });

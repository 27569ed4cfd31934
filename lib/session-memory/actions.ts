'use server';
import { revalidatePath } from 'next/cache';
import { requireRole } from '@/lib/auth/guard';
import { runAction, type ActionResult } from '@/lib/http/route';
import { purgeExpiredMemory } from '@/lib/session-memory/session-memory';

export async function purgeExpiredAction(_prev: ActionResult | null): Promise<ActionResult> {
  return runAction(async () => {
    const admin = await requireRole('admin');
    const n = await purgeExpiredMemory(admin);
    revalidatePath('/session-memory');
    return `Purged ${n} expired entries.`;
  });
}

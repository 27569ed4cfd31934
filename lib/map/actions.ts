'use server';
import { action, type ActionOutcome } from '@/lib/auth/action';
import { tagSelection } from './tagging';

/** Adds one tag to the rows selected on the memory map (write permission, as editing entries). */
export const tagSelectionAction = action('write', async (user, input: { collection: string; tag: string; keys: string[] }): Promise<ActionOutcome<{ tagged: number }>> => {
  const r = await tagSelection(user, input);
  const parts = [`Tagged ${r.tagged} entr${r.tagged === 1 ? 'y' : 'ies'} with "${input.tag.trim()}"`];
  if (r.already) parts.push(`${r.already} already had it`);
  if (r.missing) parts.push(`${r.missing} no longer exist`);
  return { message: `${parts.join('; ')}.`, tagged: r.tagged };
}, { revalidate: ['/namespaces', '/collections/[id]'] });

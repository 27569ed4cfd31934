'use server';
import { action, type ActionOutcome } from '@/lib/auth/action';
import { mergeDuplicates } from './duplicates';

/**
 * Keep one entry of a cluster, delete the others (admin only). The first submission is a dry run
 * that counts; the confirmation carries that count, and the merge refuses if the rows changed.
 */
export const mergeDuplicatesAction = action('admin', async (user, _prev: unknown, form: FormData): Promise<ActionOutcome<{ dryRun: boolean; count: number }>> => {
  const dryRun = form.get('intent') !== 'merge';
  const remove = form.getAll('member').map(String).filter((k) => k !== form.get('keep'));
  const r = await mergeDuplicates(user, {
    collection: String(form.get('collection') ?? ''),
    keep: String(form.get('keep') ?? ''),
    remove,
    merge_tags: form.get('merge_tags') !== null,
    merge_metadata: form.get('merge_metadata') !== null,
    dry_run: dryRun,
    expect_count: dryRun ? undefined : (form.get('expect_count') ?? undefined),
  });
  const extras = [
    r.tagsAdded.length ? `tags added to the kept entry: ${r.tagsAdded.join(', ')}` : '',
    r.metadataKeysAdded.length ? `metadata keys added: ${r.metadataKeysAdded.join(', ')}` : '',
  ].filter(Boolean).join('; ');
  const message = `Kept ${r.kept}; deleted ${r.deleted}${extras ? `; ${extras}` : ''}.`;
  // The merged cluster leaves the page, and its form with it: say what happened on the page itself.
  const back = String(form.get('return_to') ?? '');
  if (!r.dryRun && /^\/collections\/[^/]+\/duplicates(\?|$)/.test(back)) {
    const url = new URL(back, 'http://x');
    url.searchParams.set('merged', message);
    return { redirect: `${url.pathname}${url.search}`, dryRun: false, count: r.deleted };
  }
  return {
    message: r.dryRun
      ? `Dry run: this deletes ${r.deleted} entr${r.deleted === 1 ? 'y' : 'ies'} and keeps ${r.kept}${extras ? `; ${extras}` : ''}.`
      : message,
    dryRun: r.dryRun,
    count: r.deleted,
  };
}, { revalidate: ['/collections/[id]/duplicates', '/namespaces'] });

import { NextResponse } from 'next/server';
import { withAccess } from '@/lib/http/route';
import { ValidationError } from '@/lib/errors';
import { MAX_IMPORT_BYTES, startImportJob } from '@/lib/imports/jobs';
import { readFormData } from '@/lib/http/body';

/** multipart/form-data: file, namespace or collection, skip_bad=true|false, format? → 202 with the job to follow. */
export const POST = withAccess('write', async (req, { caller }) => {
  // The file plus the form's other fields and multipart framing (a few KB).
  const form = await readFormData(req, MAX_IMPORT_BYTES + 64 * 1024);
  const file = form.get('file');
  if (!(file instanceof File) || file.size === 0) throw new ValidationError('file', 'choose a non-empty .jsonl or .csv file');
  const format = form.get('format');
  const id = await startImportJob(caller.actor, {
    text: await file.text(),
    bytes: file.size,
    filename: file.name,
    namespace: String(form.get('namespace') ?? ''),
    collection: String(form.get('collection') ?? ''),
    skipBad: form.get('skip_bad') === 'true' || form.get('skip_bad') === 'on',
    format: typeof format === 'string' && format ? (format as 'jsonl' | 'csv') : undefined,
  });
  return NextResponse.json({ id, status: `/api/v1/imports/${id}` }, { status: 202 });
});

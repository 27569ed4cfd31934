// `npm run import -- <file.jsonl|csv> (--namespace <ns> | --collection <schema.table.column>) [--skip-bad] [--format jsonl|csv]`
// The console's import paths from the command line: same validation, batches, count check.
import fs from 'node:fs';
import path from 'node:path';
import { useConsoleDatabase } from './cli-database';
import { projectPool } from '@/lib/db/pools';
import { describeDbError } from '@/lib/db/errors';
import { AppError } from '@/lib/errors';
import { formatOf, importText, type ImportFormat } from '@/lib/imports/memory-import';
import { importableCollection, prepareCollectionImport, runCollectionImport } from '@/lib/imports/collection-import';
import { stoppedMessage } from '@/lib/imports/stopped';

function arg(name: string) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const file = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && !all[i - 1]?.match(/^--(namespace|collection|format)$/));
  const namespace = arg('namespace');
  const collection = arg('collection');
  if (!file || (namespace === undefined) === (collection === undefined)) {
    console.error('usage: npm run import -- <file.jsonl|file.csv> (--namespace <namespace> | --collection <schema.table.column>) [--skip-bad] [--format jsonl|csv]');
    process.exit(2);
  }
  const format = (arg('format') as ImportFormat | undefined) ?? formatOf(file);
  if (format !== 'jsonl' && format !== 'csv') {
    console.error(`[recall] ${file}: say --format jsonl or --format csv (the extension does not tell)`);
    process.exit(2);
  }
  const url = useConsoleDatabase();
  const text = fs.readFileSync(path.resolve(file), 'utf8');
  const started = Date.now();
  const bar = (done: number, total: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} rows, ${Math.round(rate)} rows/s, ETA ${Math.ceil((total - done) / Math.max(rate, 1))} s `);
  };
  // What a failure part-way must say: rows committed so far (whole batches), and whether a re-run is safe.
  let committed = 0;
  let idempotent = collection === undefined; // memories are upserted on (namespace, key)
  const onProgress = (done: number, total: number) => {
    committed = done;
    bar(done, total);
  };
  try {
    const actor = { id: null, email: 'cli' };
    const skipBad = process.argv.includes('--skip-bad');
    let outcome;
    if (collection !== undefined) {
      const prepared = await prepareCollectionImport(text, format, await importableCollection(collection, actor));
      idempotent = prepared.key !== null;
      outcome = await runCollectionImport(actor, prepared, { skipBad }, { onProgress });
    } else {
      outcome = await importText(actor, text, format, { namespace, skipBad }, { onProgress });
    }
    process.stderr.write('\n');
    for (const r of outcome.rejected.slice(0, 50)) console.error(`  line ${r.line}: ${r.reason}`);
    if (outcome.rejected.length > 50) console.error(`  … and ${outcome.rejected.length - 50} more`);
    console.log(`[recall] ${outcome.message}`);
    process.exitCode = outcome.status === 'done' ? 0 : 1;
  } catch (err) {
    process.stderr.write('\n');
    // A refusal before writing (bad option, unknown collection) is said as it is; a failure of the
    // database part-way says what is in the database now and whether running again is safe.
    console.error(`[recall] ${err instanceof AppError ? err.message : stoppedMessage(describeDbError(err, url).replace(/\.$/, ''), committed, idempotent)}`);
    process.exitCode = 1;
  } finally {
    await projectPool().end();
  }
}

void main();

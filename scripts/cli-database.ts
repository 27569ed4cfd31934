// Command-line tools reach the same database as the console: DATABASE_URL, or the embedded engine
// of a running `npm start` (whose address it leaves in <data dir>/engine.url).
import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/lib/bootstrap';

export function useConsoleDatabase(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const file = path.join(dataDir(), 'engine.url');
  if (!fs.existsSync(file)) {
    console.error('[recall] No database: set DATABASE_URL, or start the console (npm start) so its embedded database is running.');
    process.exit(1);
  }
  process.env.DATABASE_URL = fs.readFileSync(file, 'utf8').trim();
  return process.env.DATABASE_URL;
}

// `npm run db:migrate`: apply sql/migrations to DATABASE_URL (what `npm start` does on every start);
// with --first-admin also create the first admin on an empty users table (the container's entrypoint).
import { projectPool, NotConfiguredError } from '@/lib/db/pools';
import { endDirectPool, sessionPool } from '@/lib/db/direct';
import { projectPoolSettings } from '@/lib/config';
import { describeDbError } from '@/lib/db/errors';
import fs from 'node:fs';
import { dataDir, prepareDatabase, resolveFirstAdmin } from '@/lib/bootstrap';
import { MigrationError } from '@/lib/db/migrator';
import { MissingExtensionError } from '@/lib/db/preflight';

async function main() {
  const settings = projectPoolSettings();
  if (!settings) throw new NotConfiguredError();
  try {
    const r = await prepareDatabase(sessionPool(), { seed: process.argv.includes('--seed'), log: (l) => console.log(`[recall] ${l}`) });
    console.log(`[recall] ${r.applied.length} migration(s) applied${r.seeded ? '; demo data loaded' : ''}`);
    if (process.argv.includes('--first-admin')) {
      fs.mkdirSync(dataDir(), { recursive: true });
      const admin = await resolveFirstAdmin(process.env, dataDir());
      if (admin.created) console.log(`[recall] first admin created — e-mail: ${admin.email}${admin.password ? `  password: ${admin.password}` : ' (password from RECALL_ADMIN_PASSWORD)'}`);
    }
  } catch (err) {
    const known = err instanceof MissingExtensionError || err instanceof MigrationError;
    console.error(`[recall] ${known ? (err as Error).message : describeDbError(err, process.env.DIRECT_DATABASE_URL || settings.connectionString, process.env.DIRECT_DATABASE_URL ? 'DIRECT_DATABASE_URL' : 'DATABASE_URL')}`);
    process.exitCode = 1;
  } finally {
    await projectPool().end();
    await endDirectPool();
  }
}

main().catch((err) => {
  console.error(`[recall] ${(err as Error).message}`);
  process.exit(1);
});

// Offline `prisma generate`: Prisma 7 only checks that a schema-engine binary exists (generate never runs it),
// and it cannot download one here, so point it at any existing file unless the caller set it already.
import { spawnSync } from 'node:child_process';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1';
const r = spawnSync('npx', ['prisma', 'generate'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);

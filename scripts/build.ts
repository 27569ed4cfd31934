// Builds the console when there is no build yet or the sources changed since the last one.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const BUILD_INPUTS = ['app', 'components', 'lib', 'public', 'proxy.ts', 'next.config.ts', 'postcss.config.mjs', 'package-lock.json'];

function sourceHash(): string {
  const hash = createHash('sha256');
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      // Tests are not part of the build.
      for (const name of fs.readdirSync(p).sort()) if (!name.endsWith('.test.ts')) visit(path.join(p, name));
    } else {
      hash.update(p).update(fs.readFileSync(p));
    }
  };
  BUILD_INPUTS.forEach(visit);
  return hash.digest('hex');
}

export function buildIfStale(log: (line: string) => void, fail: (line: string) => never) {
  const marker = path.join('.next', 'recall-source-hash');
  const current = sourceHash();
  if (fs.existsSync(path.join('.next', 'BUILD_ID')) && fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === current) {
    return;
  }
  log('building the console (first start or changed sources; this takes a minute or two)…');
  const r = spawnSync(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), 'build'], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) fail('The build failed; see the output above.');
  fs.writeFileSync(marker, current);
}



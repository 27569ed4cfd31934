// The layout's rules, checked on the source tree: app/ holds routes only, components never import
// from app/, and nothing a browser runs ('use client' modules and what they import) reaches the
// database modules, the driver or Node's built-ins. (A 'use server' module is a boundary: a client
// imports references to its actions, not its code.)
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const EXTS = ['.ts', '.tsx'];
function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'generated' && e.name !== 'node_modules') walk(p, out);
    } else out.push(p);
  }
  return out;
}
const source = (f: string) => fs.readFileSync(f, 'utf8');
const directive = (f: string, d: string) => new RegExp(`^\\s*(?:\\/\\/[^\\n]*\\n\\s*)*['"]${d}['"]`).test(source(f));

/** Value imports of a file (type-only imports and `import type` are erased in the browser). */
function valueImports(file: string): string[] {
  const specs: string[] = [];
  for (const m of source(file).matchAll(/^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) specs.push(m[1]);
  for (const m of source(file).matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  return specs;
}
function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith('@/') ? spec.slice(2) : spec.startsWith('.') ? path.join(path.dirname(from), spec) : null;
  if (base === null) return null;
  for (const c of [base, ...EXTS.map((e) => base + e), ...EXTS.map((e) => path.join(base, 'index' + e))]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return path.normalize(c);
  }
  return null;
}

const SERVER_ONLY = [/^lib\/db\//, /^lib\/generated\//, /^pg$/, /^@prisma\//, /^@electric-sql\//, /^node:/, /^next-auth$/, /^lib\/auth\/index\.ts$/];

describe('layout', () => {
  it('app/ holds routes only (pages, layouts, route handlers and their special files)', () => {
    const notRoutes = walk('app').filter((f) => !/\/(page|layout|route|error|not-found|forbidden|global-error|loading)\.tsx?$|\.(css|svg)$/.test(f));
    expect(notRoutes).toEqual([]);
  });

  it('components/ never imports from app/', () => {
    const offenders = walk('components').filter((f) => EXTS.some((e) => f.endsWith(e)))
      .flatMap((f) => valueImports(f).map((s) => [f, resolve(f, s)] as const))
      .filter(([, target]) => target?.startsWith('app/'));
    expect(offenders).toEqual([]);
  });

  it("nothing a browser runs imports database code, the driver or Node's built-ins", () => {
    const clients = ['app', 'components', 'lib'].flatMap((d) => walk(d)).filter((f) => EXTS.some((e) => f.endsWith(e)) && directive(f, 'use client'));
    expect(clients.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const entry of clients) {
      const seen = new Set<string>();
      const visit = (file: string, trail: string[]) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const spec of valueImports(file)) {
          const target = resolve(file, spec);
          const name = target ?? spec;
          if (SERVER_ONLY.some((r) => r.test(name))) offenders.push([...trail, file, name].join(' → '));
          else if (target && !directive(target, 'use server')) visit(target, [...trail, file]);
        }
      };
      visit(entry, []);
    }
    expect(offenders).toEqual([]);
  });
});

// Terminal output: aligned tables (cut to the terminal's width) and a progress bar on stderr.

const width = () => (process.stdout.isTTY ? process.stdout.columns || 120 : 160);

export function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v).replace(/\s+/g, ' ');
}

/** Rows as aligned columns; the last column takes what width is left and is cut with an ellipsis. */
export function table(headers: string[], rows: unknown[][]): string {
  const text = rows.map((r) => r.map(cell));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i]?.length ?? 0)));
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  widths[widths.length - 1] = Math.max(headers[headers.length - 1].length, Math.min(widths[widths.length - 1], width() - fixed));
  const cut = (s: string, w: number) => (s.length > w ? `${s.slice(0, Math.max(0, w - 1))}…` : s.padEnd(w));
  const line = (r: string[]) => r.map((c, i) => cut(c, widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...text.map(line)].join('\n');
}

/** Label/value pairs, one a line. */
export function pairs(entries: [string, unknown][]): string {
  const w = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${k.padEnd(w)}  ${cell(v)}`).join('\n');
}

/** A progress bar on stderr when it is a terminal; otherwise a line at each 10 %, so logs stay short. */
export function progress(label: string) {
  const tty = Boolean(process.stderr.isTTY);
  let lastDecile = -1;
  let lastDraw = 0;
  return {
    update(done: number, total: number | null, unit = 'rows') {
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 80 && (total === null || done < total)) return;
        lastDraw = now;
        const bar = total ? renderBar(done / total) : '';
        process.stderr.write(`\r${label} ${bar} ${done.toLocaleString('en')}${total ? ` / ${total.toLocaleString('en')}` : ''} ${unit}\x1b[K`);
      } else if (total) {
        const decile = Math.floor((done / total) * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          process.stderr.write(`${label} ${Math.round((done / total) * 100)} % (${done} / ${total} ${unit})\n`);
        }
      }
    },
    done(message: string) {
      process.stderr.write(`${tty ? '\r\x1b[K' : ''}${message}\n`);
    },
  };
}

export function renderBar(fraction: number, size = 30): string {
  const f = Math.min(1, Math.max(0, fraction));
  const full = Math.round(f * size);
  return `[${'█'.repeat(full)}${'░'.repeat(size - full)}] ${String(Math.round(f * 100)).padStart(3)} %`;
}

export const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// A word-level diff of two values, for showing near-duplicates side by side. Values are short notes
// (the view caps them), so a plain LCS table is enough; past the cap the rest is shown unmarked.
export interface DiffPart {
  text: string;
  kind: 'same' | 'added' | 'removed';
}

const CAP = 400; // words per side

export function wordDiff(before: string, after: string): DiffPart[] {
  const a = before.split(/(\s+)/).filter(Boolean);
  const b = after.split(/(\s+)/).filter(Boolean);
  const [x, y] = [a.slice(0, CAP), b.slice(0, CAP)];
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint16Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: DiffPart[] = [];
  const push = (text: string, kind: DiffPart['kind']) => {
    const last = out[out.length - 1];
    if (last?.kind === kind) last.text += text;
    else out.push({ text, kind });
  };
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) (push(x[i], 'same'), i++, j++);
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) push(x[i++], 'removed');
    else push(y[j++], 'added');
  }
  while (i < x.length) push(x[i++], 'removed');
  while (j < y.length) push(y[j++], 'added');
  if (b.length > CAP) push(b.slice(CAP).join(''), 'same');
  return out;
}

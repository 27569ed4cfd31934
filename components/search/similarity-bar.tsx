/** A similarity as a number and a bar (values outside 0–1, e.g. inner products, are clipped for the bar). */
export function SimilarityBar({ value }: { value: number }) {
  const width = Math.max(0, Math.min(1, value)) * 100;
  const tone = value >= 0.75 ? 'bg-emerald-500' : value >= 0.5 ? 'bg-indigo-500' : value >= 0.25 ? 'bg-amber-500' : 'bg-slate-400';
  return (
    <div className="flex w-36 shrink-0 items-center gap-2" title={`similarity ${value.toFixed(4)}`}>
      <div className="h-2 flex-1 rounded-full bg-slate-100" aria-hidden>
        <div className={`h-2 rounded-full ${tone}`} style={{ width: `${width}%` }} />
      </div>
      <span className="w-12 text-right font-mono text-xs tabular-nums text-slate-700" data-testid="similarity">{value.toFixed(3)}</span>
    </div>
  );
}

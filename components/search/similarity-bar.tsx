import { barWidth, type SimilarityRange } from './similarity-scale';

/**
 * A similarity as a number and a bar. The bar is scaled to the result set's range (`range`), so the
 * differences between close results are visible; the colour and the number are the absolute value.
 */
export function SimilarityBar({ value, range }: { value: number; range: SimilarityRange }) {
  const tone = value >= 0.75 ? 'bg-emerald-500' : value >= 0.5 ? 'bg-indigo-500' : value >= 0.25 ? 'bg-amber-500' : 'bg-slate-500';
  return (
    <div className="flex w-32 shrink-0 items-center gap-2 sm:w-36"
      title={`similarity ${value.toFixed(4)}; the bar runs from the lowest (${range[0].toFixed(3)}) to the highest (${range[1].toFixed(3)}) result shown`}>
      <div className="h-2 flex-1 rounded-full bg-slate-100" aria-hidden>
        <div className={`h-2 rounded-full ${tone}`} style={{ width: `${barWidth(value, range)}%` }} />
      </div>
      <span className="w-12 text-right font-mono text-xs tabular-nums text-slate-700" data-testid="similarity">{value.toFixed(3)}</span>
    </div>
  );
}

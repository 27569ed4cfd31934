'use client';
// The one rating control (Review and a generation's page): five square buttons in a radio group,
// arrow keys move the choice. With `name`, the choice is also a form field.

export function RatingButtons({ value, onChange, name }: { value: number | null; onChange: (n: number) => void; name?: string }) {
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    const next = Math.min(5, Math.max(1, (value ?? 0) + (e.key === 'ArrowRight' ? 1 : -1)));
    onChange(next);
    (e.currentTarget.querySelector(`[data-rating="${next}"]`) as HTMLElement | null)?.focus();
  };
  return (
    <div className="flex items-center gap-2" role="radiogroup" aria-label="Rating" onKeyDown={onKeyDown}>
      {name ? <input type="hidden" name={name} value={value ?? ''} /> : null}
      {[1, 2, 3, 4, 5].map((n) => (
        <button key={n} type="button" role="radio" aria-checked={value === n} data-rating={n} onClick={() => onChange(n)}
          tabIndex={value === n || (value === null && n === 1) ? 0 : -1}
          className={`h-10 w-10 rounded-lg border text-sm font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 ${value === n ? 'border-indigo-600 bg-indigo-600 text-white' : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-50'}`}>
          {n}
        </button>
      ))}
    </div>
  );
}

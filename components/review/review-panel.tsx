'use client';
// Keyboard first: 1–5 rate, c comment, Enter submit and take the next, s skip.
import { useEffect, useRef, useState, useTransition } from 'react';
import { loadReviewAction, skipReviewAction, submitReviewAction } from '@/lib/review/actions';
import type { ActionResult } from '@/lib/auth/action';
import type { ReviewerView } from '@/lib/review/queue';
import { Badge, EmptyState } from '@/components/ui/primitives';
import { buttonClass, inputClass, subtleButtonClass } from '@/components/ui/form';
import { RatingButtons } from '@/components/ui/rating-buttons';
import { COMMENT_MAX } from '@/lib/feedback/rules';

type ReviewState = ReviewerView & { error?: string; notice?: string };

export function ReviewPanel({ initial }: { initial: ReviewerView }) {
  const [state, setState] = useState<ReviewState>(initial);
  const [rating, setRating] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [pending, start] = useTransition();
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const itemRef = useRef<HTMLElement>(null);
  const [needRating, setNeedRating] = useState(false);
  const item = state.item;

  // A refused rating (the lease passed to someone else) still shows the queue as it now is.
  const apply = async (res: ActionResult & { view?: ReviewerView }) => {
    const fresh = res.view ?? (res.ok ? undefined : (await loadReviewAction()).view);
    setState((prev) => ({ ...(fresh ?? prev), ...(res.ok ? { notice: res.message } : { error: res.message }) }));
    setRating(null);
    setComment('');
  };
  const submit = () => {
    if (!item || pending) return;
    if (rating === null) {
      setNeedRating(true);
      return;
    }
    setNeedRating(false);
    // Back on the item, so the next "5" rates the next item instead of typing into the comment.
    if (document.activeElement === commentRef.current) itemRef.current?.focus();
    const text = comment.trim() ? comment : null;
    start(async () => apply(await submitReviewAction(item.id, rating, text)));
  };
  // A lease that ran out while the reviewer was away is renewed (or, if someone took the item, replaced)
  // at once, so nobody starts rating an item with seconds left; a rating in progress stays.
  const renew = () => {
    if (!item || pending) return;
    const was = item.id;
    start(async () => {
      const res = await loadReviewAction();
      if (!res.ok || !res.view) {
        setState((prev) => ({ ...prev, error: res.message }));
        return;
      }
      const same = res.view.item?.id === was;
      if (!same) {
        setRating(null);
        setComment('');
      }
      setState({
        ...res.view,
        notice: same ? 'Your claim ran out and was renewed: the item is yours for another 5 minutes.'
          : 'Your claim ran out and another reviewer took that item; here is the next one.',
      });
    });
  };
  const skip = () => {
    if (!item || pending) return;
    start(async () => apply(await skipReviewAction(item.id)));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inComment = document.activeElement === commentRef.current;
      if (inComment) {
        if (e.key === 'Escape') commentRef.current?.blur();
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          submit();
        }
        return;
      }
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (/^[1-5]$/.test(e.key)) {
        setRating(Number(e.key));
        setNeedRating(false);
      }
      else if (e.key === 'c') {
        e.preventDefault();
        commentRef.current?.focus();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        submit();
      } else if (e.key === 's') skip();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4 text-sm" data-testid="review-progress">
        <span><strong data-testid="done-today">{state.status.doneToday}</strong> done today</span>
        <span><strong data-testid="remaining">{state.status.remaining}</strong> remaining in the queue</span>
        {state.status.reviewers.length ? (
          <span className="text-slate-500">Today: {state.status.reviewers.map((r) => `${r.email} ${r.reviewed}`).join(' · ')}</span>
        ) : null}
      </div>
      {state.error ? <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200" data-testid="review-error">{state.error}</p> : null}
      {state.notice && !state.error ? <p className="text-sm text-emerald-700" role="status" data-testid="review-notice">{state.notice}</p> : null}
      {!item ? (
        <EmptyState title="Nothing left to review" action={<button className={subtleButtonClass} onClick={() => start(async () => apply(await loadReviewAction()))}>Check again</button>}>
          Every generation in the queue has been reviewed (or skipped by you). New generations, low quality scores and low ratings bring items back.
        </EmptyState>
      ) : (
        <section ref={itemRef} tabIndex={-1} aria-label={`Review ${item.name}`} className="rounded-xl border border-slate-200 bg-white shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-indigo-300" data-testid="review-item" data-generation={item.id}>
          <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-5 py-3">
            <div>
              <h2 className="font-semibold">{item.name}</h2>
              <p className="text-xs text-slate-500">{item.id} · {item.artifactType} · {item.provider}/{item.model} · quality {item.qualityScore?.toFixed(2) ?? '—'}</p>
            </div>
            <LeaseCountdown key={item.leaseUntil} seconds={item.leaseSeconds} onExpired={renew} />
          </header>
          <div className="space-y-3 p-5">
            {item.description ? <p className="text-sm text-slate-600">{item.description}</p> : null}
            <pre className="max-h-80 overflow-auto rounded-lg bg-slate-50 p-3 font-mono text-xs leading-relaxed">{item.content}</pre>
            {item.earlier.length ? (
              <div className="text-xs text-slate-500">Earlier: {item.earlier.map((f, i) => <span key={i} className="mr-2"><Badge tone={f.rating <= 2 ? 'red' : 'slate'}>{f.rating}★</Badge> {f.comment}</span>)}</div>
            ) : null}
            <div className="flex flex-wrap items-center gap-2">
              <RatingButtons value={rating} onChange={(n) => { setRating(n); setNeedRating(false); }} />
              <span className="ml-2 text-xs text-slate-500">Keys: 1–5 rate · c comment · Enter submit · s skip</span>
            </div>
            {needRating ? <p className="text-sm text-amber-800" role="status" data-testid="rating-needed">Pick a rating first: press 1–5 (or click a number), then Enter.</p> : null}
            <textarea ref={commentRef} value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={COMMENT_MAX + 100}
              aria-label="Comment" placeholder="Optional comment (c to focus, Ctrl+Enter to submit)" className={`w-full ${inputClass}`} />
            {comment.length > COMMENT_MAX ? <p className="text-xs text-rose-700">At most {COMMENT_MAX} characters ({comment.length} now).</p> : null}
            <div className="flex gap-2">
              <button className={buttonClass} disabled={pending} onClick={submit}>Submit and next</button>
              <button className={subtleButtonClass} disabled={pending} onClick={skip}>Skip</button>
            </div>
          </div>
        </section>
      )}
    </div>
  );
}

/** Time left on the claim, from the server's figure, so a skewed browser clock does not matter. */
function LeaseCountdown({ seconds, onExpired }: { seconds: number; onExpired: () => void }) {
  const [left, setLeft] = useState(seconds);
  const expired = useRef(onExpired);
  useEffect(() => { expired.current = onExpired; });
  useEffect(() => {
    const until = Date.now() + seconds * 1000;
    const timer = setInterval(() => setLeft(Math.max(0, Math.round((until - Date.now()) / 1000))), 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  useEffect(() => {
    if (left === 0) expired.current();
  }, [left]);
  if (left === 0) {
    return <span className="text-xs font-medium text-slate-600" data-testid="lease">Renewing your claim…</span>;
  }
  const label = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <span className={`text-xs tabular-nums ${left < 60 ? 'font-medium text-amber-700' : 'text-slate-500'}`} data-testid="lease" title="The item returns to the queue when the time runs out">
      Yours for {label}
    </span>
  );
}

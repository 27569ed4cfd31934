'use client';
// The memory map: a canvas scatter (smooth at 20,000 points: one pass of fillRect per frame), hover
// for key and excerpt, click to open the entry, shift-drag a box to list, export the selection.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { MemoryMap, MapPoint } from '@/lib/map/map';
import { tagSelectionAction } from '@/lib/map/actions';
import { inputClass, subtleButtonClass } from '@/components/ui/form';
import { toast } from '@/components/ui/toast';

const PALETTE = ['#4f46e5', '#059669', '#d97706', '#dc2626', '#0891b2', '#7c3aed', '#db2777', '#65a30d', '#0f766e', '#b45309', '#475569', '#be123c'];
const SIZE = 640;
const PAD = 12;

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

function download(name: string, type: string, text: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

export function MemoryMapView({ url, collection, canTag = false }: { url: string; collection: string; canTag?: boolean }) {
  const { data, error } = useQuery<MemoryMap>({
    queryKey: ['map', url],
    queryFn: async () => {
      const r = await fetch(url);
      const body = await r.json();
      if (!r.ok) throw new Error(body.error?.message ?? `HTTP ${r.status}`);
      return body;
    },
    refetchInterval: (q) => (q.state.data?.umap.status === 'running' ? 1000 : false),
  });
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<MapPoint | null>(null);
  const [box, setBox] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const [selected, setSelected] = useState<MapPoint[]>([]);
  const [tag, setTag] = useState('');
  const [tagging, setTagging] = useState(false);
  const [tagError, setTagError] = useState<string | null>(null);
  const colour = useMemo(() => new Map((data?.groups ?? []).map((g, i) => [g.name, PALETTE[i % PALETTE.length]])), [data]);
  const px = (p: MapPoint) => [PAD + p.x * (SIZE - 2 * PAD), PAD + (1 - p.y) * (SIZE - 2 * PAD)] as const;

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !data) return;
    ctx.clearRect(0, 0, SIZE, SIZE);
    const chosen = new Set(selected.map((p) => p.key));
    for (const p of data.points) {
      const [x, y] = px(p);
      ctx.fillStyle = colour.get(p.group) ?? '#94a3b8';
      ctx.globalAlpha = chosen.size && !chosen.has(p.key) ? 0.25 : 0.85;
      ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
    }
    ctx.globalAlpha = 1;
    if (hover) {
      const [x, y] = px(hover);
      ctx.strokeStyle = '#0f172a';
      ctx.strokeRect(x - 4, y - 4, 8, 8);
    }
    if (box) {
      ctx.strokeStyle = '#4f46e5';
      ctx.setLineDash([4, 3]);
      ctx.strokeRect(Math.min(box.x0, box.x1), Math.min(box.y0, box.y1), Math.abs(box.x1 - box.x0), Math.abs(box.y1 - box.y0));
      ctx.setLineDash([]);
    }
  }, [data, colour, hover, box, selected]); // eslint-disable-line react-hooks/exhaustive-deps

  if (error) return <p className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700" data-testid="map-error">{(error as Error).message}</p>;
  if (!data) return <p className="text-sm text-slate-500">Projecting…</p>;

  const at = (e: React.MouseEvent) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * SIZE, ((e.clientY - r.top) / r.height) * SIZE] as const;
  };
  const nearest = (x: number, y: number) => {
    let best: MapPoint | null = null;
    let bd = 36; // within 6 px
    for (const p of data.points) {
      const [a, b] = px(p);
      const d = (a - x) ** 2 + (b - y) ** 2;
      if (d < bd) [bd, best] = [d, p];
    }
    return best;
  };
  const rows = () => selected.map((p) => ({ key: p.key, label: p.label, group: p.group, excerpt: p.excerpt }));
  const exportJson = () => download('map-selection.json', 'application/json', `${JSON.stringify(rows(), null, 2)}\n`);
  const exportCsv = () =>
    download('map-selection.csv', 'text/csv', ['key,label,group,excerpt', ...rows().map((r) => [r.key, r.label, r.group, r.excerpt].map(csvCell).join(','))].join('\n') + '\n');
  const tagSelected = async (e: React.FormEvent) => {
    e.preventDefault();
    setTagging(true);
    setTagError(null);
    const r = await tagSelectionAction({ collection, tag, keys: selected.map((p) => p.key) });
    setTagging(false);
    if (r.ok) {
      toast(r.message ?? 'Tagged.');
      setTag('');
    } else setTagError(r.message ?? 'Could not tag the selection.');
  };
  const first = data.points[0];

  return (
    <div className="flex flex-wrap gap-6">
      <div className="space-y-2">
        <p className="text-xs text-slate-500" data-testid="map-status">
          {data.points.length.toLocaleString('en')} points{data.sampled ? ` (a sample of ${data.total.toLocaleString('en')})` : ''} ·{' '}
          {data.method === 'umap' ? 'UMAP' : 'PCA'}
          {data.umap.status === 'running' ? ` · UMAP ${Math.round(data.umap.progress * 100)} %…` : data.umap.status === 'failed' ? ` · UMAP failed: ${data.umap.error}` : ''}
          {' '}· shift-drag to select
        </p>
        <canvas
          ref={canvas} width={SIZE} height={SIZE} data-testid="map-canvas" data-method={data.method} data-points={data.points.length}
          data-first={first ? `${px(first)[0].toFixed(1)},${px(first)[1].toFixed(1)},${first.href}` : ''}
          className="cursor-crosshair rounded-xl border border-slate-200 bg-white" style={{ width: SIZE, height: SIZE }}
          onMouseMove={(e) => {
            const [x, y] = at(e);
            if (box) setBox({ ...box, x1: x, y1: y });
            else setHover(nearest(x, y));
          }}
          onMouseLeave={() => setHover(null)}
          onMouseDown={(e) => {
            if (!e.shiftKey) return;
            const [x, y] = at(e);
            setBox({ x0: x, y0: y, x1: x, y1: y });
          }}
          onMouseUp={(e) => {
            if (box) {
              const [xa, xb] = [Math.min(box.x0, box.x1), Math.max(box.x0, box.x1)];
              const [ya, yb] = [Math.min(box.y0, box.y1), Math.max(box.y0, box.y1)];
              setSelected(data.points.filter((p) => { const [x, y] = px(p); return x >= xa && x <= xb && y >= ya && y <= yb; }));
              setBox(null);
              return;
            }
            const [x, y] = at(e);
            const p = nearest(x, y);
            if (p) window.location.assign(p.href);
          }}
        />
        {hover ? (
          <div className="max-w-[640px] rounded-lg border border-slate-200 bg-white p-2 text-xs shadow-sm" data-testid="map-hover">
            <div className="font-mono text-indigo-700">{hover.label}</div>
            <div className="text-slate-600">{hover.excerpt}</div>
          </div>
        ) : null}
      </div>
      <div className="min-w-56 space-y-4 text-sm">
        <ul className="space-y-1" data-testid="map-legend">
          {data.groups.slice(0, 24).map((g) => (
            <li key={g.name} className="flex items-center gap-2">
              <span className="h-3 w-3 rounded-sm" style={{ background: colour.get(g.name) }} />{g.name || '—'} <span className="text-slate-500">{g.count}</span>
            </li>
          ))}
        </ul>
        {selected.length ? (
          <div className="space-y-2" data-testid="map-selection">
            <div className="flex items-center gap-2">
              <span className="font-medium">{selected.length} selected</span>
              <button className={subtleButtonClass} onClick={exportCsv}>CSV</button>
              <button className={subtleButtonClass} onClick={exportJson}>JSON</button>
              <button className={subtleButtonClass} onClick={() => setSelected([])}>Clear</button>
            </div>
            {canTag ? (
              <form className="flex items-center gap-2" onSubmit={tagSelected} data-testid="tag-selection">
                <input aria-label="Tag for the selected entries" placeholder="tag" value={tag} onChange={(e) => setTag(e.target.value)} maxLength={100} className={`w-36 ${inputClass}`} />
                <button className={subtleButtonClass} disabled={tagging || !tag.trim()}>Tag selected</button>
              </form>
            ) : null}
            {tagError ? <p className="text-xs text-rose-700" data-testid="tag-error">{tagError}</p> : null}
            <ul className="max-h-96 space-y-1 overflow-y-auto text-xs">
              {selected.slice(0, 200).map((p) => <li key={p.key}><a className="font-mono text-indigo-700 hover:underline" href={p.href}>{p.label}</a> <span className="text-slate-500">{p.excerpt.slice(0, 80)}</span></li>)}
            </ul>
          </div>
        ) : null}
      </div>
    </div>
  );
}

'use client';
// The API reference, drawn by RapiDoc (a web component) from the console's own /api/v1/openapi.json.
// Everything it needs is in the bundle: system fonts instead of its web font, no CDN, and try-it-out
// calls go same-origin with the signed-in user's session cookie.
import { createElement, useEffect, useState } from 'react';

const SYSTEM_SANS = 'ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const SYSTEM_MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

export function ApiReference({ specUrl }: { specUrl: string }) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    // A custom element registers itself on import; only the browser has customElements.
    import('rapidoc').then(() => { if (live) setReady(true); });
    return () => { live = false; };
  }, []);
  if (!ready) return <p className="text-sm text-slate-600" role="status">Loading the API reference…</p>;
  return createElement('rapi-doc', {
    'spec-url': specUrl,
    'data-testid': 'api-reference',
    'render-style': 'view',
    layout: 'column',
    theme: 'light',
    'show-header': 'false',
    'show-info': 'true',
    'allow-server-selection': 'false',
    'allow-authentication': 'true',
    'allow-spec-url-load': 'false',
    'allow-spec-file-load': 'false',
    'fetch-credentials': 'same-origin',
    'regular-font': SYSTEM_SANS,
    'mono-font': SYSTEM_MONO,
    // Colours of the console (indigo on white, slate text) at ≥ 4.5:1 contrast.
    'primary-color': '#4338ca',
    'text-color': '#0f172a',
    'bg-color': '#ffffff',
    'header-color': '#0f172a',
    // Its red (#F06560, "No API key applied") is 3:1 on white: a darker one, set on the host so it wins over :host.
    style: { display: 'block', minHeight: '70vh', width: '100%', '--red': '#b91c1c' },
  });
}

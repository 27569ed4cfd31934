'use client';

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '4rem', color: '#0f172a' }}>
        <h1>Recall could not load this page</h1>
        <p>The server log has the details{error.digest ? ` (reference ${error.digest})` : ''}. Check /api/health for the database.</p>
        <button onClick={reset}>Try again</button>
      </body>
    </html>
  );
}

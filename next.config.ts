import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // forbidden() answers 403 with app/forbidden.tsx when a signed-in user lacks the role.
  experimental: { authInterrupts: true },
  // pg and PGlite are Node libraries with optional native/WASM parts; load them from node_modules.
  serverExternalPackages: ['pg', '@electric-sql/pglite', '@electric-sql/pglite-socket', '@electric-sql/pglite-pgvector'],
  poweredByHeader: false,
  // The container image (Dockerfile) runs .next/standalone/server.js; `npm start` keeps `next start`,
  // which does not serve a standalone build, so the image asks for it with NEXT_OUTPUT at build time.
  ...(process.env.NEXT_OUTPUT === 'standalone' ? { output: 'standalone' as const } : {}),
  // Session memory lived at /memory, next to /memories (memory entries); old links still land.
  async redirects() {
    return [{ source: '/memory', destination: '/session-memory', permanent: true }];
  },
};

export default nextConfig;

import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // forbidden() answers 403 with app/forbidden.tsx when a signed-in user lacks the role.
  experimental: { authInterrupts: true },
  // pg and PGlite are Node libraries with optional native/WASM parts; load them from node_modules.
  serverExternalPackages: ['pg', '@electric-sql/pglite', '@electric-sql/pglite-socket', '@electric-sql/pglite-pgvector'],
  poweredByHeader: false,
  // Session memory lived at /memory, next to /memories (memory entries); old links still land.
  async redirects() {
    return [{ source: '/memory', destination: '/session-memory', permanent: true }];
  },
};

export default nextConfig;

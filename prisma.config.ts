import { defineConfig } from 'prisma/config';

// Only `prisma generate` runs here (migrations are plain SQL under sql/migrations), so the URL is
// a placeholder when none is set: generate never connects.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/recall',
  },
});

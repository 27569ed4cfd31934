// The feedback limits, importable by client components (lib/feedback.ts reaches the database).
export const COMMENT_MAX = 2000;

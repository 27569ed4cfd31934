// Settings' sub-pages, in the order of their tabs (shared by the tabs and the /settings redirect).
export const SETTINGS_TABS = [
  { href: '/settings/users', label: 'Users' },
  { href: '/settings/tokens', label: 'API tokens' },
  { href: '/settings/audit', label: 'Audit log' },
  { href: '/settings/review-rules', label: 'Review rules' },
  { href: '/settings/embeddings', label: 'Embeddings' },
] as const;

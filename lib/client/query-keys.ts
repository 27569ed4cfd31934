// Every TanStack Query key the browser uses, so two components asking for the same data share it.
export const queryKeys = {
  stats: (window: string) => ['stats', window] as const,
  maintenanceProgress: ['maintenance-progress'] as const,
  importJob: (id: string) => ['import-job', id] as const,
  tuning: (collection: string) => ['tuning', collection] as const,
  embedJob: (id: string) => ['embed-job', id] as const,
};

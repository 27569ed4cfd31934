// Badge colours for agent and task statuses, shared by the Agents pages.
export const STATUS_TONE: Record<string, 'green' | 'amber' | 'red' | 'slate' | 'blue'> = {
  active: 'green', busy: 'blue', idle: 'slate', paused: 'amber', error: 'red', initializing: 'slate', shutdown: 'slate',
  pending: 'slate', assigned: 'blue', running: 'blue', completed: 'green', failed: 'red', cancelled: 'amber',
};

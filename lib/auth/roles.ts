// What each role may do. Checked on the server for every page, action and route handler.
export const ROLES = ['admin', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** read: see everything; review: write feedback and reviews; admin: everything else. */
export type Permission = 'read' | 'review' | 'admin';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['read', 'review', 'admin'],
  reviewer: ['read', 'review'],
  viewer: ['read'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role]?.includes(permission) ?? false;
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  admin: 'Everything, including users and destructive actions',
  reviewer: 'Reads everything; writes feedback and reviews',
  viewer: 'Read only',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

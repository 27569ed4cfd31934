// What each role may do. Checked on the server for every page, action and route handler.
export const ROLES = ['admin', 'reviewer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * read: see everything; review: write feedback and reviews; write: change stored data (memories,
 * collections, imports); admin: users, tokens and everything else.
 */
export type Permission = 'read' | 'review' | 'write' | 'admin';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['read', 'review', 'write', 'admin'],
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

/** What an API token's scope allows: tokens never manage users or tokens. */
export const TOKEN_SCOPES = ['read', 'write'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export function scopeAllows(scope: TokenScope, permission: Permission): boolean {
  return permission === 'read' || (scope === 'write' && permission === 'write');
}

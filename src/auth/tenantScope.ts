import type { User } from './types.js';

/** The tenants whose records a user sees: those they work for; undefined (every tenant) for an admin. */
export function tenantsOf(user: Pick<User, 'role' | 'tenants'>): string[] | undefined {
  return user.role === 'admin' ? undefined : user.tenants;
}

/**
 * Whether a staff user works for a tenant (docs/tenants.md): admins run the platform and work for every tenant, the
 * others for the tenants of their memberships (a district's service centre: several).
 */
export function worksFor(user: Pick<User, 'role' | 'tenants'>, tenantId: string): boolean {
  return user.role === 'admin' || user.tenants.includes(tenantId);
}

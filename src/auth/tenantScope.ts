import type { User } from './types.js';

/**
 * Whether a staff user works for a tenant (docs/tenants.md): admins run the platform and work for every tenant, the
 * others for the tenants of their memberships (a district's service centre: several).
 */
export function worksFor(user: Pick<User, 'role' | 'tenants'>, tenantId: string): boolean {
  return user.role === 'admin' || user.tenants.includes(tenantId);
}

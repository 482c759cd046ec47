/**
 * The rows of some tenants, or of every tenant: the parameter at `placeholder` (`$1`) is the tenants' ids as a
 * `text[]`, or NULL for every tenant's (`tenantsParam`). Repositories that serve every tenant filter with it.
 */
export function ofTenants(placeholder: string): string {
  return `(${placeholder}::text[] IS NULL OR tenant_id = ANY (${placeholder}::text[]))`;
}

/** The parameter `ofTenants` reads: the tenants, or NULL for every tenant. */
export function tenantsParam(tenants: readonly string[] | undefined): string[] | null {
  return tenants === undefined ? null : [...tenants];
}

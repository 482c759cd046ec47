/**
 * The rows of some tenants, or of every tenant: the named parameter `param` (`@tenants`) is the tenants' ids as a
 * JSON list, or NULL for every tenant's (`tenantsParam`); SQLite has no array parameters. Repositories that serve
 * every tenant filter with it.
 */
export function ofTenants(param = '@tenants'): string {
  return `(${param} IS NULL OR tenant_id IN (SELECT value FROM json_each(${param})))`;
}

/** The parameter `ofTenants` reads: the tenants as JSON, or NULL for every tenant. */
export function tenantsParam(tenants: readonly string[] | undefined): string | null {
  return tenants === undefined ? null : JSON.stringify(tenants);
}

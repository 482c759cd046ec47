import type { IncomingMessage } from 'node:http';
import type { EffectiveTenant, TenantDirectory } from '../../tenants/TenantDirectory.js';
import { TenantId } from '../../tenants/types.js';
import { originAllowed } from './originCheck.js';

/** The tenant of a widget connection, or why the connection is refused (the code of its `error` event). */
export type TenantAdmission =
  | { ok: true; tenant: EffectiveTenant }
  | { ok: false; code: 'unknown_tenant' | 'origin_not_allowed'; message: string };

/**
 * The tenant a widget connection names in its handshake (`auth.tenant`; none: `default`), if the page it comes from
 * may connect for that tenant. The engine admitted the origin if any tenant allows it (the tenant was not known
 * then); here it must be this tenant's, or the installation's (`allowedOrigins`): one municipality's portal must not
 * open conversations of another. The server's own origin and clients without an Origin header may connect for
 * every tenant, as they may without tenants.
 */
export function admitTenant(
  handshake: { auth: unknown; request: IncomingMessage },
  tenants: TenantDirectory,
  allowedOrigins: readonly string[],
): TenantAdmission {
  const requested = requestedTenant(handshake.auth);
  // An id that is no tenant id at all is refused like an unknown one: the tag names a tenant, just not one we have.
  const parsed = requested === undefined ? undefined : TenantId.safeParse(requested);
  const tenant = parsed === undefined ? tenants.fallback : parsed.success ? tenants.get(parsed.data) : undefined;
  if (!tenant) return { ok: false, code: 'unknown_tenant', message: 'This server has no such tenant' };
  if (!originAllowed(handshake.request, [...allowedOrigins, ...tenant.allowedOrigins])) {
    return { ok: false, code: 'origin_not_allowed', message: 'This page may not connect for this tenant' };
  }
  return { ok: true, tenant };
}

/** `auth.tenant` as the client sent it, read apart from the rest: a bad token or locale must not change the tenant. */
function requestedTenant(auth: unknown): unknown {
  return typeof auth === 'object' && auth !== null && 'tenant' in auth ? auth.tenant : undefined;
}

import { createLogger } from '../../src/logger.js';
import { TenantDirectory } from '../../src/tenants/TenantDirectory.js';

/**
 * The tenants of an installation that has only `default` (a single city, as every test of one channel alone), with
 * `allowedOrigins` for every tenant: what a channel needs when the test is not about tenants.
 */
export function singleTenant(allowedOrigins: readonly string[] = []): TenantDirectory {
  return new TenantDirectory({
    tenants: {
      listTenants: async () => [],
      findTenant: async () => undefined,
      saveTenant: async () => {
        throw new Error('singleTenant: tenants are fixed');
      },
    },
    defaults: { city: 'Musterstadt', privacyUrl: '/datenschutz', searchUrl: '/leistungen', allowedOrigins },
    logger: createLogger('silent'),
  });
}

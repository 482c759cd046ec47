import { z } from 'zod';

/** The tenant every installation has: the single city's, and the tenant of whatever names none. */
export const DEFAULT_TENANT = 'default';

/** GovBot's own list of services (GOVBOT_SEARCH_URL's default); `?tenant=<id>` lists a tenant's catalogue. */
export const CATALOGUE_PAGE = '/leistungen';

/** GovBot's own privacy notice (GOVBOT_PRIVACY_URL's default); `?tenant=<id>` names the tenant as controller. */
export const PRIVACY_PAGE = '/datenschutz';

/** A tenant's id: a slug, as it appears in widget tags (`data-tenant`) and URLs. */
export const TenantId = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'lower-case letters, digits and inner hyphens, 1 to 40 characters');

/** An origin as browsers send it (`https://host[:port]`). */
const Origin = z
  .string()
  .refine((value) => URL.canParse(value) && new URL(value).origin === value, 'an origin: https://host[:port]');

/**
 * What a tenant sets for itself; every field left out falls back to the installation's setting from the environment
 * (GOVBOT_CITY, GOVBOT_PRIVACY_URL, GOVBOT_SEARCH_URL, GOVBOT_ALLOWED_ORIGINS): the tenant `default` of a single city
 * sets nothing at all.
 */
export const TenantSettings = z.strictObject({
  /** The municipality as the bot names it: "der Stadt {name}". */
  name: z.string().trim().min(1).max(100).optional(),
  /** Its privacy notice: absolute, or relative to the bot's public address. */
  privacyUrl: z.string().trim().min(1).max(500).optional(),
  /** Its service search (as `privacyUrl`). */
  searchUrl: z.string().trim().min(1).max(500).optional(),
  /** Origins of its portal that may embed the widget, besides the installation's. */
  allowedOrigins: z.array(Origin).max(50).optional(),
  /** The widget's defaults; a tag's own `data-title`, `data-color`, `data-logo` win. */
  branding: z
    .strictObject({
      title: z.string().trim().min(1).max(100).optional(),
      color: z
        .string()
        .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, '#rgb or #rrggbb')
        .optional(),
      logo: z
        .url({ protocol: /^https?$/ })
        .max(500)
        .optional(),
    })
    .optional(),
  /** Bot Framework: the bot ids (`recipient.id` of incoming activities) that answer for this tenant. */
  botIds: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

export interface Tenant {
  id: string;
  settings: TenantSettings;
  createdAt: string;
  updatedAt: string;
}

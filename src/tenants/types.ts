import { z } from 'zod';
import { BUNDESLAENDER } from '../handover/germanHolidays.js';
import { parseWeeklyHours } from '../handover/parseWeeklyHours.js';
import { ServiceHoursConfig } from '../handover/ServiceHours.js';

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

/** Weekly hours as GOVBOT_SERVICE_HOURS writes them (`mo-fr 08:00-16:00; sa 09:00-12:00`), or `always`. */
const WeeklyHours = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .superRefine((text, context) => {
    if (text.toLowerCase() === 'always') return;
    try {
      const slots = parseWeeklyHours(text);
      if (slots.length === 0) context.addIssue({ code: 'custom', message: 'no hours given; `always` for always' });
      // The service hours' own rules for a slot, as GOVBOT_SERVICE_HOURS is checked.
      const checked = ServiceHoursConfig.shape.weekly.safeParse(slots);
      for (const issue of checked.error?.issues ?? []) {
        const slot = slots[Number(issue.path[0])];
        const at = slot ? `${slot.opens}-${slot.closes}: ` : '';
        context.addIssue({ code: 'custom', message: `${at}${issue.message}` });
      }
    } catch (error) {
      context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    }
  });

const RetentionDays = z.number().int().min(1).max(3650);

/** An id of a form dialog or a catalogue service, as the installation's files name them. */
const ContentId = z.string().trim().min(1).max(200);

/**
 * What a tenant sets for itself; every field left out falls back to the installation's setting from the environment
 * (GOVBOT_CITY, GOVBOT_PRIVACY_URL, GOVBOT_SEARCH_URL, GOVBOT_ALLOWED_ORIGINS, GOVBOT_SERVICE_HOURS, GOVBOT_STATE,
 * GOVBOT_RETENTION_*): the tenant `default` of a single city sets nothing at all.
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
  /** When its service centre is staffed (GOVBOT_SERVICE_HOURS' syntax); outside, a person cannot be asked for. */
  serviceHours: WeeklyHours.optional(),
  /** The Land whose public holidays close its service centre (GOVBOT_STATE). */
  state: z.enum(BUNDESLAENDER).optional(),
  /** The form dialogs (ids) it offers in the chat; left out, every dialog of the installation. */
  dialogs: z.array(ContentId).max(500).optional(),
  /** Shared services (ids) it does not offer: the bot says so and names 115 instead of answering from the catalogue. */
  hiddenServices: z.array(ContentId).max(2000).optional(),
  /** How long its citizens' data is kept, in days (GOVBOT_RETENTION_*); each period left out is the installation's. */
  retention: z
    .strictObject({
      transcriptDays: RetentionDays.optional(),
      applicationDays: RetentionDays.optional(),
      ticketDays: RetentionDays.optional(),
    })
    .optional(),
});
export type TenantSettings = z.infer<typeof TenantSettings>;

export interface Tenant {
  id: string;
  settings: TenantSettings;
  createdAt: string;
  updatedAt: string;
}

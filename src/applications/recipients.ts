import { z } from 'zod';
import { HttpUrl, LocalizedText } from '../catalogue/schema.js';
import { TenantId } from '../tenants/types.js';

/**
 * Where applications go: `dialogs/recipients.yaml` (or the file named by GOVBOT_RECIPIENTS_FILE). Dialogs name
 * recipients by id; how each is reached is deployment configuration, kept apart from the dialogs. Webhook secrets
 * are never in the file, only the name of the environment variable that holds them.
 */
export const RecipientDelivery = z.discriminatedUnion('type', [
  /** A JSON file per application (and its attachments) in a folder, relative to `<data dir>/outbox/`. */
  z.object({
    type: z.literal('folder'),
    path: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a folder name: lower-case letters, digits and "-"'),
  }),
  /** An HTTPS POST of the JSON payload, signed with HMAC-SHA256. */
  z.object({
    type: z.literal('webhook'),
    url: HttpUrl,
    /** Name of the environment variable holding the signing secret. */
    secretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an environment variable name'),
  }),
]);
export type RecipientDelivery = z.infer<typeof RecipientDelivery>;

export const Recipient = z.object({ name: LocalizedText, delivery: RecipientDelivery });
export type Recipient = z.infer<typeof Recipient>;

const RecipientId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a recipient id');
const Recipients = z.record(RecipientId, Recipient);

export const RecipientsFile = z.object({
  version: z.literal(1, { error: 'unsupported recipients version, this GovBot reads version 1' }),
  recipients: Recipients,
  /**
   * Municipalities' own recipients (docs/tenants.md), by tenant id: a tenant's recipient replaces the installation's
   * of the same id for the applications of that tenant's citizens (its own Steueramt, say); the others stay shared.
   */
  tenants: z.record(TenantId, z.object({ recipients: Recipients })).default({}),
});
export type RecipientsFile = z.infer<typeof RecipientsFile>;

/**
 * The recipients as each tenant's applications reach them. A delivery names its recipient by a delivery id: the
 * recipient id for an installation's recipient, `<tenant>/<id>` for a tenant's own (a `/` is in no recipient id, so
 * the two never meet).
 */
export class RecipientDirectory {
  private readonly deliveryIds: Record<string, Recipient>;

  constructor(private readonly file: Pick<RecipientsFile, 'recipients' | 'tenants'>) {
    this.deliveryIds = { ...file.recipients };
    for (const [tenantId, own] of Object.entries(file.tenants)) {
      for (const [id, recipient] of Object.entries(own.recipients)) this.deliveryIds[`${tenantId}/${id}`] = recipient;
    }
  }

  /** By recipient id, as the tenant's citizens are told: its own over the installation's. */
  forTenant(tenantId: string): Record<string, Recipient> {
    return { ...this.file.recipients, ...this.file.tenants[tenantId]?.recipients };
  }

  /** Where a tenant's application for the recipient `id` is delivered. */
  deliveryId(tenantId: string, id: string): string {
    return this.file.tenants[tenantId]?.recipients[id] ? `${tenantId}/${id}` : id;
  }

  /** Every recipient by delivery id: what the outbox delivers to and the receipts name. */
  byDeliveryId(): Record<string, Recipient> {
    return this.deliveryIds;
  }
}

import { z } from 'zod';
import { HttpUrl, LocalizedText } from '../catalogue/schema.js';

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

export const RecipientsFile = z.object({
  version: z.literal(1, { error: 'unsupported recipients version, this GovBot reads version 1' }),
  recipients: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a recipient id'), Recipient),
});
export type RecipientsFile = z.infer<typeof RecipientsFile>;

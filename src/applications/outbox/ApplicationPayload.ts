import { z } from 'zod';
import { Language } from '../../catalogue/schema.js';

const SummaryLine = z.object({ path: z.string(), label: z.string(), value: z.string() });

/**
 * What a recipient receives for one application (`docs/protocol.md`, "Application deliveries"). A webhook gets the
 * attachments' bytes inline (`contentBase64`); a folder gets them as files beside the JSON, named in `file`.
 */
export const ApplicationPayload = z.object({
  schema: z.literal('govbot.application/v1'),
  deliveryId: z.string().min(1),
  reference: z.string().min(1),
  submittedAt: z.iso.datetime(),
  /** The municipality (tenant id, docs/tenants.md) whose citizen applied; `default` on a single city's GovBot. */
  tenant: z.string().min(1),
  dialog: z.object({ id: z.string(), fingerprint: z.string(), title: z.string() }),
  service: z.object({ id: z.string(), leika: z.array(z.string()) }),
  recipient: z.object({ id: z.string(), name: z.string(), copy: z.boolean() }),
  language: Language,
  values: z.record(z.string(), z.unknown()),
  computed: z.record(z.string(), z.unknown()),
  summary: z.array(SummaryLine),
  attachments: z.array(
    z.object({
      path: z.string(),
      name: z.string(),
      contentType: z.string(),
      size: z.number().int().nonnegative(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      contentBase64: z.base64().optional(),
      file: z.string().optional(),
    }),
  ),
});
export type ApplicationPayload = z.infer<typeof ApplicationPayload>;

import { z } from 'zod';
import { Language } from '../catalogue/schema.js';
import { DEFAULT_TENANT } from '../tenants/types.js';
import type { ApplicationSubmission } from './types.js';

const SummaryLine = z.object({ path: z.string(), label: z.string(), value: z.string() });

/**
 * The stored form of an `ApplicationSubmission`, for reading it back (database rows, files). Typed against the
 * interface in `types.ts`, so the two cannot drift apart.
 */
export const ApplicationSubmissionSchema: z.ZodType<ApplicationSubmission & { tenantId: string }> = z.object({
  // Applications stored before tenants were the default tenant's.
  tenantId: z.string().default(DEFAULT_TENANT),
  submissionKey: z.string().min(1),
  dialogId: z.string().min(1),
  dialogFingerprint: z.string(),
  serviceId: z.string(),
  leika: z.array(z.string()),
  referencePrefix: z.string(),
  conversationId: z.string(),
  lang: Language,
  values: z.record(z.string(), z.unknown()),
  computed: z.record(z.string(), z.unknown()),
  summary: z.array(SummaryLine),
  citizenSummary: z.array(SummaryLine),
  title: z.object({ de: z.string(), citizen: z.string() }),
  attachments: z.array(
    z.object({
      path: z.string(),
      uploadId: z.string(),
      name: z.string(),
      contentType: z.string(),
      size: z.number().int().nonnegative(),
      sha256: z.string(),
    }),
  ),
  recipients: z.array(z.object({ id: z.string(), copy: z.boolean() })),
});

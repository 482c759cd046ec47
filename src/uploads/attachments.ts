import { z } from 'zod';

/**
 * How an uploaded file reaches the bot. Channels send files as attachments with a `data:` URL (or, on an
 * authenticated Bot Framework channel, an https `contentUrl`); `UploadMiddleware` stores each and replaces it, before
 * the turn and before the transcript is written, by one of these two attachments. The bot never sees file bytes.
 */
export const UPLOAD_ATTACHMENT = 'application/vnd.govbot.upload+json';
export const REJECTED_UPLOAD_ATTACHMENT = 'application/vnd.govbot.upload-rejected+json';

export const UploadReference = z.object({
  uploadId: z.string().min(1),
  name: z.string(),
  /** Sniffed from the bytes. */
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type UploadReference = z.infer<typeof UploadReference>;

export const UploadRejectReason = z.enum([
  'too_large',
  'too_many',
  'unsupported_type',
  'unreadable',
  'not_allowed_here',
]);
export type UploadRejectReason = z.infer<typeof UploadRejectReason>;

export const RejectedUpload = z.object({ name: z.string(), reason: UploadRejectReason });
export type RejectedUpload = z.infer<typeof RejectedUpload>;

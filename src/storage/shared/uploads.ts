import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { NewUpload, UploadMeta } from '../../uploads/types.js';

/**
 * Upload rows and metadata as both backends (SQLite, PostgreSQL) keep them. Size and SHA-256 are computed from the
 * bytes, never taken from the client.
 */
export function uploadMeta(upload: NewUpload): UploadMeta {
  return {
    id: randomUUID(),
    conversationId: upload.conversationId,
    name: upload.name,
    contentType: upload.contentType,
    size: upload.data.length,
    sha256: createHash('sha256').update(upload.data).digest('hex'),
    createdAt: new Date().toISOString(),
  };
}

export const UploadRow = z.object({
  id: z.string(),
  conversation_id: z.string(),
  name: z.string(),
  content_type: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  data: z.instanceof(Buffer),
  created_at: z.string(),
});

import { createHash, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { NewUpload, StoredUpload, UploadMeta } from '../../uploads/types.js';
import type { UploadRepository } from '../repositories.js';
import { parseRow } from './parseRow.js';

const UploadRow = z.object({
  id: z.string(),
  conversation_id: z.string(),
  name: z.string(),
  content_type: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  data: z.instanceof(Buffer),
  created_at: z.string(),
});

/**
 * Uploaded files as BLOBs beside their metadata. Size and SHA-256 are computed here from the bytes, never taken from
 * the client. Deleting a conversation deletes its uploads, except those attached to a submitted application.
 */
export class SqliteUploadRepository implements UploadRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async saveUpload(upload: NewUpload): Promise<UploadMeta> {
    const meta: UploadMeta = {
      id: randomUUID(),
      conversationId: upload.conversationId,
      name: upload.name,
      contentType: upload.contentType,
      size: upload.data.length,
      sha256: createHash('sha256').update(upload.data).digest('hex'),
      createdAt: new Date().toISOString(),
    };
    this.db
      .prepare(
        `INSERT INTO uploads (id, tenant_id, conversation_id, name, content_type, size, sha256, data, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        meta.id,
        this.tenantId,
        meta.conversationId,
        meta.name,
        meta.contentType,
        meta.size,
        meta.sha256,
        upload.data,
        meta.createdAt,
      );
    return meta;
  }

  async findUpload(id: string): Promise<StoredUpload | undefined> {
    const row = this.db
      .prepare(
        `SELECT id, conversation_id, name, content_type, size, sha256, data, created_at FROM uploads
         WHERE id = ? AND tenant_id = ?`,
      )
      .get(id, this.tenantId);
    if (row === undefined) return undefined;
    const upload = parseRow(UploadRow, row, 'uploads');
    return {
      id: upload.id,
      conversationId: upload.conversation_id,
      name: upload.name,
      contentType: upload.content_type,
      size: upload.size,
      sha256: upload.sha256,
      data: upload.data,
      createdAt: upload.created_at,
    };
  }
}

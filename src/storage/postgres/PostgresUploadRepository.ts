import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { NewUpload, StoredUpload, UploadMeta } from '../../uploads/types.js';
import type { UploadRepository } from '../repositories.js';
import type { PostgresDb } from './PostgresDb.js';
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
 * Uploaded files as `bytea` beside their metadata. Size and SHA-256 are computed here from the bytes, never taken from
 * the client. Deleting a conversation deletes its uploads (trigger), except those attached to a submitted application.
 */
export class PostgresUploadRepository implements UploadRepository {
  constructor(
    private readonly db: PostgresDb,
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
    await this.db.query(
      `INSERT INTO uploads (id, tenant_id, conversation_id, name, content_type, size, sha256, data, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        meta.id,
        this.tenantId,
        meta.conversationId,
        meta.name,
        meta.contentType,
        meta.size,
        meta.sha256,
        upload.data,
        meta.createdAt,
      ],
    );
    return meta;
  }

  async findUpload(id: string): Promise<StoredUpload | undefined> {
    const { rows } = await this.db.query(
      `SELECT id, conversation_id, name, content_type, size, sha256, data, created_at FROM uploads
       WHERE id = $1 AND tenant_id = $2`,
      [id, this.tenantId],
    );
    if (rows[0] === undefined) return undefined;
    const upload = parseRow(UploadRow, rows[0], 'uploads');
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

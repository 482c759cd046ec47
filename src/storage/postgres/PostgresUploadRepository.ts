import type { NewUpload, StoredUpload, UploadMeta } from '../../uploads/types.js';
import type { UploadRepository } from '../repositories.js';
import { UploadRow, uploadMeta } from '../shared/uploads.js';
import type { PostgresDb } from './PostgresDb.js';
import { parseRow } from './parseRow.js';

/**
 * Uploaded files as `bytea` beside their metadata. Size and SHA-256 are computed from the bytes (`uploadMeta`), never taken from
 * the client. Deleting a conversation deletes its uploads (trigger), except those attached to a submitted application.
 */
export class PostgresUploadRepository implements UploadRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async saveUpload(upload: NewUpload): Promise<UploadMeta> {
    const meta = uploadMeta(upload);
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

import type { Database } from 'better-sqlite3';
import type { NewUpload, StoredUpload, UploadMeta } from '../../uploads/types.js';
import type { UploadRepository } from '../repositories.js';
import { UploadRow, uploadMeta } from '../shared/uploads.js';
import { parseRow } from './parseRow.js';

/**
 * Uploaded files as BLOBs beside their metadata. Size and SHA-256 are computed from the bytes (`uploadMeta`), never taken from
 * the client. Deleting a conversation deletes its uploads, except those attached to a submitted application.
 */
export class SqliteUploadRepository implements UploadRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async saveUpload(upload: NewUpload): Promise<UploadMeta> {
    const meta = uploadMeta(upload);
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

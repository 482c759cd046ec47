import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/storage/repositories.js';
import { submission, tokenHash } from '../../applications/fixtures.js';
import { ISO_TIMESTAMP } from './fixtures.js';

/** Every byte value, so that no encoding step can get away with treating the file as text. */
const BYTES = Buffer.from(Array.from({ length: 512 }, (_, n) => n % 256));

export function uploadContract(storage: () => Storage): void {
  describe('uploads', () => {
    it('stores the bytes and computes size and SHA-256 from them', async () => {
      const { uploads } = storage();
      const meta = await uploads.saveUpload({
        conversationId: 'c1',
        name: 'Impfpass Bello.pdf',
        contentType: 'application/pdf',
        data: BYTES,
      });
      expect(meta).toEqual({
        id: expect.any(String),
        conversationId: 'c1',
        name: 'Impfpass Bello.pdf',
        contentType: 'application/pdf',
        size: 512,
        sha256: createHash('sha256').update(BYTES).digest('hex'),
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      const found = await uploads.findUpload(meta.id);
      expect(found).toEqual({ ...meta, data: expect.any(Buffer) });
      expect(found?.data.equals(BYTES)).toBe(true);
      expect(await uploads.findUpload('unknown')).toBeUndefined();
    });

    it('gives every upload its own id, also for the same file twice', async () => {
      const { uploads } = storage();
      const upload = { conversationId: 'c1', name: 'a.png', contentType: 'image/png', data: BYTES };
      const first = await uploads.saveUpload(upload);
      const second = await uploads.saveUpload(upload);
      expect(first.id).not.toBe(second.id);
      expect(first.sha256).toBe(second.sha256);
    });

    it('deleting a conversation deletes its uploads, but not those attached to a submitted application', async () => {
      const { uploads, conversations, applications } = storage();
      await conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' });
      await conversations.createConversation({ id: 'c2', channel: 'socketio', locale: 'de' });
      const file = (conversationId: string, name: string) =>
        uploads.saveUpload({ conversationId, name, contentType: 'image/png', data: BYTES });
      const attached = await file('c1', 'attached.png');
      const abandoned = await file('c1', 'abandoned.png');
      const other = await file('c2', 'other.png');
      const { name, contentType, size, sha256 } = attached;
      await applications.submitApplication(
        submission({ attachments: [{ path: 'photo', uploadId: attached.id, name, contentType, size, sha256 }] }),
        tokenHash(1),
      );

      await conversations.deleteConversation('c1');

      expect(await uploads.findUpload(abandoned.id)).toBeUndefined();
      expect((await uploads.findUpload(attached.id))?.data.equals(BYTES)).toBe(true);
      expect(await uploads.findUpload(other.id)).toBeDefined();
    });
  });
}

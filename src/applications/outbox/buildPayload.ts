import { createHash } from 'node:crypto';
import type { UploadRepository } from '../../storage/repositories.js';
import type { Recipient } from '../recipients.js';
import type { Delivery, StoredApplication } from '../types.js';
import type { ApplicationPayload } from './ApplicationPayload.js';

/**
 * The JSON one recipient receives for one delivery of an application, with the attachments' bytes read from the
 * uploads. Texts are in German, the administration's language; `language` says which one the citizen used. Throws
 * when an attachment is gone or its bytes no longer match the hash the citizen was shown, so the delivery is retried
 * rather than sent incomplete.
 */
export async function buildPayload(
  application: StoredApplication,
  delivery: Pick<Delivery, 'id' | 'recipientId'>,
  recipient: Pick<Recipient, 'name'>,
  uploads: UploadRepository,
): Promise<ApplicationPayload> {
  const attachments = await Promise.all(
    application.attachments.map(async (attachment) => {
      const upload = await uploads.findUpload(attachment.uploadId);
      if (upload === undefined) {
        throw new Error(`upload ${attachment.uploadId} (${attachment.path}) of ${application.reference} is gone`);
      }
      const sha256 = createHash('sha256').update(upload.data).digest('hex');
      if (sha256 !== attachment.sha256) {
        throw new Error(`upload ${attachment.uploadId} (${attachment.path}) of ${application.reference} has changed`);
      }
      return {
        path: attachment.path,
        name: attachment.name,
        contentType: attachment.contentType,
        size: upload.data.length,
        sha256,
        contentBase64: upload.data.toString('base64'),
      };
    }),
  );
  return {
    schema: 'govbot.application/v1',
    deliveryId: delivery.id,
    reference: application.reference,
    submittedAt: application.submittedAt,
    tenant: application.tenantId,
    dialog: { id: application.dialogId, fingerprint: application.dialogFingerprint, title: application.title.de },
    service: { id: application.serviceId, leika: application.leika },
    recipient: {
      id: delivery.recipientId,
      name: recipient.name.de,
      copy: application.recipients.find((entry) => entry.id === delivery.recipientId)?.copy ?? false,
    },
    language: application.lang,
    values: application.values,
    computed: application.computed,
    summary: application.summary,
    attachments,
  };
}

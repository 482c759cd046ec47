import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { ApplicationSubmissionSchema } from '../../applications/ApplicationSubmissionSchema.js';
import { generateReference } from '../../applications/referenceNumber.js';
import type {
  ApplicationSubmission,
  Delivery,
  DeliveryStatus,
  StoredApplication,
  SubmitResult,
} from '../../applications/types.js';
import type { ApplicationRepository } from '../repositories.js';
import {
  applicationRows,
  compareDue,
  DELIVERY_COLUMNS,
  MAX_ERROR_LENGTH,
  QUALIFIED_DELIVERY_COLUMNS,
  REFERENCE_ATTEMPTS,
  SubmittedRow,
} from '../shared/applications.js';
import { fullySynced } from './fullySynced.js';
import { parseRow, sqliteRows } from './parseRow.js';

const { toApplication, toDelivery } = applicationRows(sqliteRows);

/**
 * Applications and their outbox. Timestamps are ISO strings in UTC, so SQL compares them as text. A delivery is due
 * when it is pending, its `next_attempt_at` has passed and no worker holds a lease on it (`lease_until`).
 */
export class SqliteApplicationRepository implements ApplicationRepository {
  constructor(private readonly db: Database) {}

  async submitApplication(submission: ApplicationSubmission, receiptTokenHash: string): Promise<SubmitResult> {
    const parsed = ApplicationSubmissionSchema.parse(submission);
    const json = JSON.stringify(parsed);
    const findByKey = this.db.prepare('SELECT reference, submitted_at FROM applications WHERE submission_key = ?');
    const insertApplication = this.db.prepare(
      `INSERT INTO applications
         (tenant_id, reference, submission_key, conversation_id, dialog_id, receipt_token_hash, submitted_at, json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reference) DO NOTHING`,
    );
    const insertDelivery = this.db.prepare(
      `INSERT INTO deliveries (id, reference, recipient_id, status, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (reference, recipient_id) DO NOTHING`,
    );
    // IMMEDIATE: the duplicate check and the insert must see the same database, also across processes. Fully synced:
    // the reference number the citizen is shown must survive a power loss, too.
    return fullySynced(this.db, () =>
      this.db
        .transaction((): SubmitResult => {
          const existing = findByKey.get(submission.submissionKey);
          if (existing !== undefined) {
            const { reference, submitted_at } = parseRow(SubmittedRow, existing, 'applications');
            return { reference, submittedAt: submitted_at, duplicate: true };
          }
          const now = new Date();
          const submittedAt = now.toISOString();
          for (let attempt = 0; attempt < REFERENCE_ATTEMPTS; attempt += 1) {
            const reference = generateReference(submission.referencePrefix, now);
            const inserted = insertApplication.run(
              parsed.tenantId,
              reference,
              submission.submissionKey,
              submission.conversationId,
              submission.dialogId,
              receiptTokenHash,
              submittedAt,
              json,
            );
            if (inserted.changes === 0) continue;
            for (const recipient of submission.recipients) {
              insertDelivery.run(randomUUID(), reference, recipient.id, submittedAt, submittedAt);
            }
            return { reference, submittedAt, duplicate: false };
          }
          throw new Error(`sqlite: no free reference number for prefix ${submission.referencePrefix}`);
        })
        .immediate(),
    );
  }

  async findApplication(reference: string): Promise<StoredApplication | undefined> {
    const row = this.db
      .prepare('SELECT reference, submitted_at, json FROM applications WHERE reference = ?')
      .get(reference);
    return row === undefined ? undefined : toApplication(row);
  }

  async findApplicationByReceiptTokenHash(tokenHash: string): Promise<StoredApplication | undefined> {
    const row = this.db
      .prepare('SELECT reference, submitted_at, json FROM applications WHERE receipt_token_hash = ?')
      .get(tokenHash);
    return row === undefined ? undefined : toApplication(row);
  }

  async claimDueDeliveries(now: Date, limit: number, leaseMs: number): Promise<Delivery[]> {
    const at = now.toISOString();
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    // One statement, so the choice and the lease are atomic; IMMEDIATE takes the write lock before reading.
    const claim = this.db.prepare(
      `UPDATE deliveries SET lease_until = ?
       WHERE id IN (
         SELECT d.id FROM deliveries d
         WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)
         ORDER BY d.next_attempt_at, d.created_at LIMIT ?
       )
       RETURNING ${DELIVERY_COLUMNS}`,
    );
    const rows = this.db.transaction(() => claim.all(leaseUntil, at, at, Math.max(0, Math.floor(limit)))).immediate();
    return rows.map(toDelivery).sort((a, b) => compareDue(a, b));
  }

  async markDelivered(deliveryId: string, at: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, next_attempt_at = NULL,
           lease_until = NULL, last_error = NULL
         WHERE id = ? AND status = 'pending'`,
      )
      .run(at.toISOString(), deliveryId);
  }

  async markAttemptFailed(deliveryId: string, error: string, nextAttemptAt: Date | undefined): Promise<void> {
    this.db
      .prepare(
        `UPDATE deliveries SET status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
           lease_until = NULL
         WHERE id = ? AND status = 'pending'`,
      )
      .run(
        nextAttemptAt === undefined ? 'failed' : 'pending',
        error.slice(0, MAX_ERROR_LENGTH),
        nextAttemptAt?.toISOString() ?? null,
        deliveryId,
      );
  }

  /** A retried delivery starts a fresh series of attempts; its last error stays visible until the next attempt. */
  async retryDelivery(deliveryId: string): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL
         WHERE id = ? AND status = 'failed'`,
      )
      .run(new Date().toISOString(), deliveryId);
    return result.changes > 0;
  }

  async listDeliveries(filter: { status?: DeliveryStatus; reference?: string } = {}): Promise<Delivery[]> {
    const rows = this.db
      .prepare(
        `SELECT ${QUALIFIED_DELIVERY_COLUMNS} FROM deliveries d
         WHERE (? IS NULL OR d.status = ?) AND (? IS NULL OR d.reference = ?)
         ORDER BY d.created_at, d.reference, d.recipient_id`,
      )
      .all(filter.status ?? null, filter.status ?? null, filter.reference ?? null, filter.reference ?? null);
    return rows.map(toDelivery);
  }
}

import { randomUUID } from 'node:crypto';
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
import { LOCK, type PostgresDb } from './PostgresDb.js';
import { parseRow, postgresRows } from './parseRow.js';

const { toApplication, toDelivery } = applicationRows(postgresRows);

/**
 * Applications and their outbox. A delivery is due when it is pending, its `next_attempt_at` has passed and no worker
 * holds a lease on it (`lease_until`). Workers of several instances claim with `FOR UPDATE SKIP LOCKED`, so they
 * never wait for each other and never claim the same delivery.
 */
export class PostgresApplicationRepository implements ApplicationRepository {
  constructor(private readonly db: PostgresDb) {}

  async submitApplication(submission: ApplicationSubmission, receiptTokenHash: string): Promise<SubmitResult> {
    const parsed = ApplicationSubmissionSchema.parse(submission);
    const json = JSON.stringify(parsed);
    return this.db.transaction(async (sql): Promise<SubmitResult> => {
      // The reference number the citizen is shown must survive a crash of the database server too: whatever the
      // server's or role's default, this commit waits until its WAL is flushed to disk.
      await sql.query("SET LOCAL synchronous_commit = 'on'");
      // One submission key at a time, also across instances: the duplicate check and the insert see the same data.
      await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.submission, submission.submissionKey]);
      const existing = await sql.query('SELECT reference, submitted_at FROM applications WHERE submission_key = $1', [
        submission.submissionKey,
      ]);
      if (existing.rows[0] !== undefined) {
        const { reference, submitted_at } = parseRow(SubmittedRow, existing.rows[0], 'applications');
        return { reference, submittedAt: submitted_at, duplicate: true };
      }
      const now = new Date();
      const submittedAt = now.toISOString();
      for (let attempt = 0; attempt < REFERENCE_ATTEMPTS; attempt += 1) {
        const reference = generateReference(submission.referencePrefix, now);
        const inserted = await sql.query(
          `INSERT INTO applications
             (tenant_id, reference, submission_key, conversation_id, dialog_id, receipt_token_hash, submitted_at, json)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (reference) DO NOTHING`,
          [
            parsed.tenantId,
            reference,
            submission.submissionKey,
            submission.conversationId,
            submission.dialogId,
            receiptTokenHash,
            submittedAt,
            json,
          ],
        );
        if (inserted.rowCount === 0) continue;
        await sql.query(
          `INSERT INTO deliveries (id, reference, recipient_id, status, attempts, next_attempt_at, created_at)
           SELECT recipient.delivery_id, $1, recipient.id, 'pending', 0, $4::timestamptz, $4::timestamptz
           FROM unnest($2::text[], $3::text[]) AS recipient (delivery_id, id)
           ON CONFLICT (reference, recipient_id) DO NOTHING`,
          [
            reference,
            submission.recipients.map(() => randomUUID()),
            submission.recipients.map((recipient) => recipient.id),
            submittedAt,
          ],
        );
        return { reference, submittedAt, duplicate: false };
      }
      throw new Error(`postgres: no free reference number for prefix ${submission.referencePrefix}`);
    });
  }

  async findApplication(reference: string): Promise<StoredApplication | undefined> {
    const { rows } = await this.db.query(
      'SELECT reference, submitted_at, json FROM applications WHERE reference = $1',
      [reference],
    );
    return rows[0] === undefined ? undefined : toApplication(rows[0]);
  }

  async findApplicationByReceiptTokenHash(tokenHash: string): Promise<StoredApplication | undefined> {
    const { rows } = await this.db.query(
      'SELECT reference, submitted_at, json FROM applications WHERE receipt_token_hash = $1',
      [tokenHash],
    );
    return rows[0] === undefined ? undefined : toApplication(rows[0]);
  }

  async claimDueDeliveries(now: Date, limit: number, leaseMs: number): Promise<Delivery[]> {
    const at = now.toISOString();
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    // One statement, so the choice and the lease are atomic; rows another worker is claiming right now are skipped.
    const { rows } = await this.db.query(
      `UPDATE deliveries SET lease_until = $1
       WHERE id IN (
         SELECT d.id FROM deliveries d
         WHERE d.status = 'pending' AND d.next_attempt_at <= $2 AND (d.lease_until IS NULL OR d.lease_until <= $2)
         ORDER BY d.next_attempt_at, d.created_at LIMIT $3
         FOR UPDATE OF d SKIP LOCKED
       )
       RETURNING ${DELIVERY_COLUMNS}`,
      [leaseUntil, at, Math.max(0, Math.floor(limit))],
    );
    return rows.map(toDelivery).sort((a, b) => compareDue(a, b));
  }

  async markDelivered(deliveryId: string, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = $1, next_attempt_at = NULL,
         lease_until = NULL, last_error = NULL
       WHERE id = $2 AND status = 'pending'`,
      [at.toISOString(), deliveryId],
    );
  }

  async markAttemptFailed(deliveryId: string, error: string, nextAttemptAt: Date | undefined): Promise<void> {
    await this.db.query(
      `UPDATE deliveries SET status = $1, attempts = attempts + 1, last_error = $2, next_attempt_at = $3,
         lease_until = NULL
       WHERE id = $4 AND status = 'pending'`,
      [
        nextAttemptAt === undefined ? 'failed' : 'pending',
        error.slice(0, MAX_ERROR_LENGTH),
        nextAttemptAt?.toISOString() ?? null,
        deliveryId,
      ],
    );
  }

  /** A retried delivery starts a fresh series of attempts; its last error stays visible until the next attempt. */
  async retryDelivery(deliveryId: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1, lease_until = NULL
       WHERE id = $2 AND status = 'failed'`,
      [new Date().toISOString(), deliveryId],
    );
    return rowCount > 0;
  }

  async listDeliveries(filter: { status?: DeliveryStatus; reference?: string } = {}): Promise<Delivery[]> {
    const { rows } = await this.db.query(
      `SELECT ${QUALIFIED_DELIVERY_COLUMNS} FROM deliveries d
       WHERE ($1::text IS NULL OR d.status = $1) AND ($2::text IS NULL OR d.reference = $2)
       ORDER BY d.created_at, d.reference COLLATE "C", d.recipient_id COLLATE "C"`,
      [filter.status ?? null, filter.reference ?? null],
    );
    return rows.map(toDelivery);
  }
}

import { z } from 'zod';
import { ApplicationSubmissionSchema } from '../../applications/ApplicationSubmissionSchema.js';
import type { Delivery, StoredApplication } from '../../applications/types.js';
import type { RowParsers } from './rowParsers.js';

/** Application and delivery rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function applicationRows(rows: RowParsers) {
  const { parseRow, parseJsonColumn } = rows;
  function toApplication(row: unknown): StoredApplication {
    const { reference, submitted_at, json } = parseRow(ApplicationRow, row, 'applications');
    const submission = parseJsonColumn(ApplicationSubmissionSchema, json, `application ${reference}`);
    return { ...submission, reference, submittedAt: submitted_at };
  }

  function toDelivery(row: unknown): Delivery {
    const delivery = parseRow(DeliveryRow, row, 'deliveries');
    return {
      id: delivery.id,
      reference: delivery.reference,
      recipientId: delivery.recipient_id,
      status: delivery.status,
      attempts: delivery.attempts,
      nextAttemptAt: delivery.next_attempt_at ?? undefined,
      lastError: delivery.last_error ?? undefined,
      deliveredAt: delivery.delivered_at ?? undefined,
      createdAt: delivery.created_at,
    };
  }
  return { toApplication, toDelivery };
}

const ApplicationRow = z.object({ reference: z.string(), submitted_at: z.string(), json: z.string() });

export const SubmittedRow = z.object({ reference: z.string(), submitted_at: z.string() });

const DeliveryRow = z.object({
  id: z.string(),
  reference: z.string(),
  recipient_id: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  next_attempt_at: z.string().nullable(),
  last_error: z.string().nullable(),
  delivered_at: z.string().nullable(),
  created_at: z.string(),
});

export const DELIVERY_COLUMNS =
  'id, reference, recipient_id, status, attempts, next_attempt_at, last_error, delivered_at, created_at';

export const QUALIFIED_DELIVERY_COLUMNS = DELIVERY_COLUMNS.split(', ')
  .map((column) => `d.${column}`)
  .join(', ');

/** Chance of a reference collision is about 10⁻⁹ per draw; a handful of draws is plenty. */
export const REFERENCE_ATTEMPTS = 8;

/** Operators read the last error; a receiver's whole error page is not needed for that. */
export const MAX_ERROR_LENGTH = 1000;

export function compareDue(a: Delivery, b: Delivery): number {
  return (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? '') || a.createdAt.localeCompare(b.createdAt);
}

import type { Language } from '../catalogue/schema.js';

/** One line of an application's summary, as shown to the citizen and sent to the recipients. */
export interface SummaryLine {
  /** The field's or computed value's path, e.g. `dogs[0].name`. */
  path: string;
  label: string;
  value: string;
}

/** A file attached to an application: an upload, referenced by id. */
export interface ApplicationAttachment {
  /** The field path it answers, e.g. `idCopy`. */
  path: string;
  uploadId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** A recipient of an application and whether it gets a copy (for information) or the application itself. */
export interface ApplicationRecipient {
  id: string;
  copy: boolean;
}

/** Everything a finished form dialog hands over for submission. JSON-serialisable. */
export interface ApplicationSubmission {
  /** The municipality of the conversation (docs/tenants.md); default `default`. */
  tenantId?: string;
  /** Idempotency key of the draft: submitting the same draft twice stores one application. */
  submissionKey: string;
  dialogId: string;
  /** Fingerprint of the dialog file the application was filled with. */
  dialogFingerprint: string;
  serviceId: string;
  leika: string[];
  /** Short prefix of the reference number, e.g. `HU` for a Hundeanmeldung. */
  referencePrefix: string;
  conversationId: string;
  lang: Language;
  /** The answers, by field id (groups as arrays of objects); JSON. */
  values: Record<string, unknown>;
  /** Computed values (fees, dates), by id; JSON. */
  computed: Record<string, unknown>;
  /** The summary in German, the language of the administration. */
  summary: SummaryLine[];
  /** The summary in the citizen's language, for the receipt. */
  citizenSummary: SummaryLine[];
  title: { de: string; citizen: string };
  attachments: ApplicationAttachment[];
  recipients: ApplicationRecipient[];
}

export interface StoredApplication extends ApplicationSubmission {
  tenantId: string;
  reference: string;
  submittedAt: string;
}

export type SubmitResult = { reference: string; submittedAt: string; duplicate: boolean };

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One recipient's copy of an application in the outbox. */
export interface Delivery {
  id: string;
  reference: string;
  recipientId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | undefined;
  lastError: string | undefined;
  deliveredAt: string | undefined;
  createdAt: string;
}

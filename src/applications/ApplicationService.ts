import { createHash, randomBytes } from 'node:crypto';
import type { ApplicationRepository } from '../storage/repositories.js';
import type { ApplicationSubmission, StoredApplication, SubmitResult } from './types.js';

/** What the citizen gets back: the receipt token only on the first submission, it is never stored in clear. */
export type SubmittedApplication = SubmitResult & { receiptToken?: string };

/**
 * Submits finished applications and finds them again by receipt token. The token (32 random bytes, base64url) is the
 * citizen's key to the receipt page; storage keeps only its SHA-256, so a leaked database opens no receipt.
 */
export class ApplicationService {
  constructor(private readonly applications: ApplicationRepository) {}

  async submit(submission: ApplicationSubmission): Promise<SubmittedApplication> {
    const receiptToken = randomBytes(32).toString('base64url');
    const result = await this.applications.submitApplication(submission, hashReceiptToken(receiptToken));
    return result.duplicate ? result : { ...result, receiptToken };
  }

  async findByReceiptToken(token: string): Promise<StoredApplication | undefined> {
    if (!RECEIPT_TOKEN.test(token)) return undefined;
    return this.applications.findApplicationByReceiptTokenHash(hashReceiptToken(token));
  }
}

/** 32 bytes in base64url without padding. */
const RECEIPT_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function hashReceiptToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

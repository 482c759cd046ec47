import type { TranscriptEntry } from '../storage/repositories.js';
import type { Handover } from './types.js';

/**
 * Receives the handover protocol's events for a contact-centre system (see `HandoffWebhook`): `handoff.initiate`
 * with the transcript, `handoff.status` on every change, and the citizen's messages while it has the chat.
 */
export interface HandoffSink {
  initiate(handover: Handover, transcript: TranscriptEntry[]): void;
  status(handover: Handover, state: 'accepted' | 'failed' | 'completed', message?: string): void;
  message(handover: Handover, activity: Record<string, unknown>): void;
}

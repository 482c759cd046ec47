import type { Handover } from './types.js';

/** What an action of an agent or the contact-centre system came to: its value, or why it could not be done. */
export type ActionResult<T = Handover> = { ok: true; value: T } | { ok: false; error: ActionError };
export type ActionError =
  | 'not_found'
  | 'taken'
  | 'not_yours'
  | 'not_connected'
  | 'capacity'
  | 'away'
  | 'unknown_agent'
  | 'invalid';

export function fail(error: ActionError): { ok: false; error: ActionError } {
  return { ok: false, error };
}

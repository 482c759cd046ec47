import { NONE_INTENT } from '../../nlu/trainingSet.js';
import type { UnderstoodTurn } from '../analytics/TurnObserver.js';
import type { InboxReason } from '../types.js';

/**
 * Below this score an answered service question goes to the inbox as `low_confidence`. From `govbot eval` (5-fold
 * cross-validation of the default corpus, 4,194 examples): correct in-scope answers score p10 0.546, p25 0.719,
 * median 0.900; None examples the bot wrongly answered score p25 0.507, median 0.654, p75 0.799. At 0.6 about one in
 * seven correct answers (the weakest, worth more training anyway) and about four in ten wrong answers to questions the
 * bot should have declined reach the inbox; 0.7 would double the correct ones for few more wrong ones.
 */
export const LOW_CONFIDENCE = 0.6;

/**
 * Why a turn belongs in the inbox, or undefined: out of scope, "Meinten Sie …?", or a service answered with a low
 * score from the message's own words. Conversational intents the bot handled (greetings, thanks, help) and requests
 * for a person never go there themselves; the question before such a request does (see `WorkbenchRecorder`).
 */
export function inboxReason(turn: UnderstoodTurn, lowConfidence = LOW_CONFIDENCE): InboxReason | undefined {
  const { result, outcome } = turn;
  if (!/\p{L}/u.test(result.text)) return undefined;
  if (outcome === 'out_of_scope') return 'out_of_scope';
  if (outcome === 'ambiguous') return 'ambiguous';
  if (outcome !== 'answered' && outcome !== 'form') return undefined;
  if (turn.fromContext || turn.serviceId === undefined || result.intent === NONE_INTENT) return undefined;
  return result.score < lowConfidence ? 'low_confidence' : undefined;
}

import { findEmails } from './entities/findEmails.js';
import { finderContext } from './entities/finderContext.js';
import { findIbans } from './entities/findIbans.js';
import { findPhones } from './entities/findPhones.js';
import { findVehiclePlates } from './entities/findVehiclePlates.js';

const FINDERS = [findVehiclePlates, findEmails, findIbans, findPhones];
/** A preposition (and article) that only says where an identifier belongs: "für M-AB 123", "unter +49 …". */
const LEAD = String.raw`(?:(?<![\p{L}])(?:für|fuer|mit|an|unter|von|vom|bis|ab|am|auf|zum|zur|for|with|to|at|on|from|until)\s+(?:(?:dem|den|der|die|das|the)\s+)?)?`;
/** Figures: dates, numbers, postcodes, house numbers ("15.03.2025", "12345", "3a"). */
const FIGURES = new RegExp(`${LEAD}(?<![\\p{L}\\p{N}])\\d[\\d.,:/-]*[a-zA-Z]?(?![\\p{L}\\p{N}])`, 'giu');
const LEAD_BEFORE_END = new RegExp(`${LEAD.slice(0, -1)}$`, 'iu');

/**
 * The message without identifiers and figures: "Bewohnerparkausweis für M-AB 123 beantragen" is about the
 * Bewohnerparkausweis; the plate's letters are no words, and unknown to the model they would make the message look
 * unfamiliar and be turned away. The identifiers stay in the original text for the form dialogs.
 */
export function maskIdentifiers(text: string): string {
  if (!/\d|@/.test(text)) return text;
  const context = finderContext({ lang: 'de' });
  const spans = FINDERS.flatMap((find) => find(text, context)).sort((a, b) => b.start - a.start);
  let masked = text;
  for (const span of spans) {
    const before = masked.slice(0, span.start).replace(LEAD_BEFORE_END, '');
    masked = `${before} ${masked.slice(span.end)}`;
  }
  return masked.replace(FIGURES, ' ').replace(/\s+/g, ' ').trim();
}

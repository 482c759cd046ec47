import { entityFinders } from './entityFinders.js';
import { finderContext } from './finderContext.js';
import { resolveOverlaps } from './resolveOverlaps.js';
import type { Entity, RecogniseOptions } from './types.js';

/**
 * All entities in a citizen's message, sorted by start and not overlapping: dates, vehicle plates, e-mail
 * addresses, phone numbers, IBANs (and IBAN-like strings that fail validation, as `invalidIban`), postcodes,
 * addresses, the configured districts, numbers and amounts of money.
 */
export function recogniseEntities(text: string, options: RecogniseOptions): Entity[] {
  const context = finderContext(options);
  return resolveOverlaps(Object.values(entityFinders).flatMap((find) => find(text, context)));
}

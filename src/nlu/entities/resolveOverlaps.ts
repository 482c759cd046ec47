import type { Entity } from './types.js';

// Earlier wins an overlap: the more specific shape claims its characters first, so an IBAN's digits are no phone
// number, an address keeps its postcode, a date's or a phone number's digits are no numbers, "25 €" is an amount.
const PRIORITY: readonly Entity['type'][] = [
  'iban',
  'invalidIban',
  'email',
  'address',
  'vehiclePlate',
  'date',
  'phone',
  'amount',
  'postcode',
  'district',
  'number',
];

/** Non-overlapping entities, sorted by start: by priority of type, then the longer match, then the earlier one. */
export function resolveOverlaps(candidates: readonly Entity[]): Entity[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      PRIORITY.indexOf(a.type) - PRIORITY.indexOf(b.type) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Entity[] = [];
  for (const candidate of ranked) {
    if (kept.every((other) => candidate.end <= other.start || other.end <= candidate.start)) kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

import { compareDates } from './calendarDate.js';
import { entityFinders } from './entityFinders.js';
import { finderContext } from './finderContext.js';
import type { Entity, EntityOf, EntityType, RecogniseOptions } from './types.js';
import type { WallClock } from './wallClock.js';

/** Why an answer is not a usable entity of the asked type; a dialog picks its re-prompt by this code. */
export type ParseFailure =
  | 'not_a_date'
  | 'date_in_past'
  | 'date_in_future'
  | 'not_a_vehicle_plate'
  | 'not_an_email'
  | 'not_a_phone_number'
  | 'not_an_iban'
  | EntityOf<'invalidIban'>['value']['reason']
  | 'not_a_postcode'
  | 'not_an_address'
  | 'unknown_district'
  | 'not_a_number'
  | 'not_an_amount'
  /** Two different values of the type, e.g. "am 15.3. oder am 16.3.". */
  | 'ambiguous';

export type ParseOutcome<T extends EntityType> =
  | { status: 'ok'; entity: EntityOf<T> }
  | { status: 'invalid'; reason: ParseFailure };

export interface ParseOptions extends RecogniseOptions {
  /** For dates: 'future' rejects days before today ('date_in_past'), 'past' days after today ('date_in_future'). */
  when?: 'future' | 'past';
}

/**
 * Reads one answer as an entity of the asked type, e.g. the reply to "Wann möchten Sie kommen?" as a date. The answer
 * may have words around the entity ("am liebsten morgen um 10"); it is read without the competition of other
 * types, so "12345" can be a number when a number is asked for. Plates are read case-insensitively here, because
 * the question says what the answer is.
 */
export function parseEntity<T extends EntityType>(type: T, text: string, options: ParseOptions): ParseOutcome<T> {
  const context = finderContext(options);
  const answer = type === 'vehiclePlate' ? upperCase(text) : text;
  const candidates = entityFinders[type](answer, context).map((entity) => ({
    ...entity,
    text: text.slice(entity.start, entity.end),
  }));
  const found = candidates.filter((candidate) => candidate.type === type);
  const [entity] = found;
  if (entity === undefined) {
    const broken = candidates.find((candidate) => candidate.type === 'invalidIban');
    return invalid(broken?.type === 'invalidIban' ? broken.value.reason : NOT_FOUND[type]);
  }
  if (new Set(found.map((other) => JSON.stringify(other.value))).size > 1) return invalid('ambiguous');
  if (entity.type === 'date' && options.when !== undefined) {
    const side = sideOfNow(entity.value, context.now);
    if (options.when === 'future' && side < 0) return invalid('date_in_past');
    if (options.when === 'past' && side > 0) return invalid('date_in_future');
  }
  // Always true (`found` holds only that type); it tells the compiler so.
  return isOfType(entity, type) ? { status: 'ok', entity } : invalid(NOT_FOUND[type]);
}

const NOT_FOUND: Record<EntityType, ParseFailure> = {
  date: 'not_a_date',
  vehiclePlate: 'not_a_vehicle_plate',
  email: 'not_an_email',
  phone: 'not_a_phone_number',
  iban: 'not_an_iban',
  postcode: 'not_a_postcode',
  address: 'not_an_address',
  district: 'unknown_district',
  number: 'not_a_number',
  amount: 'not_an_amount',
};

function isOfType<T extends EntityType>(entity: Entity, type: T): entity is EntityOf<T> {
  return entity.type === type;
}

function invalid(reason: ParseFailure): { status: 'invalid'; reason: ParseFailure } {
  return { status: 'invalid', reason };
}

/** Negative before now, zero for today without a time, positive after; a time decides within today. */
function sideOfNow(value: EntityOf<'date'>['value'], now: WallClock): number {
  const [year = 0, month = 0, day = 0] = value.date.split('-').map(Number);
  const byDay = compareDates({ year, month, day }, now);
  if (byDay !== 0 || value.time === undefined) return byDay;
  const [hour = 0, minute = 0] = value.time.split(':').map(Number);
  return hour * 60 + minute - (now.hour * 60 + now.minute);
}

/** Upper case letter by letter, so offsets stay valid ("ß" would become "SS"). */
function upperCase(text: string): string {
  return text.replace(/\p{Ll}/gu, (letter) => (letter.toUpperCase().length === 1 ? letter.toUpperCase() : letter));
}

import { type Entity, recogniseEntities } from '../../../src/nlu/entities/index.js';

/** Sunday, 22 November 2026, 12:00 in Berlin: the day the tests are written against. */
export const SUNDAY_NOON = new Date('2026-11-22T11:00:00Z');

export const MUSTERSTADT_DISTRICTS = ['Altstadt', 'Nordstadt', 'Südviertel', 'Neustadt Süd'];

/** The entities of a message as [type, matched text, value], read on Sunday noon with Musterstadt's districts. */
export function entitiesIn(text: string, lang: 'de' | 'en' = 'de'): [Entity['type'], string, Entity['value']][] {
  return recogniseEntities(text, { lang, referenceDate: SUNDAY_NOON, districts: MUSTERSTADT_DISTRICTS }).map(
    (entity) => [entity.type, entity.text, entity.value],
  );
}

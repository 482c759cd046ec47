import type { Language } from '../../catalogue/schema.js';
import type { Entity, RecogniseOptions } from './types.js';
import { type WallClock, wallClock } from './wallClock.js';

/** Options with defaults applied, as every finder receives them. */
export interface FinderContext {
  lang: Language;
  referenceDate: Date;
  /** The reference instant on the citizen's calendar. */
  now: WallClock;
  districts: readonly string[];
}

/** Looks for one kind of entity; candidates may overlap, `resolveOverlaps` decides between them. */
export type EntityFinder = (text: string, context: FinderContext) => Entity[];

export function finderContext(options: RecogniseOptions): FinderContext {
  const referenceDate = options.referenceDate ?? new Date();
  return {
    lang: options.lang,
    referenceDate,
    now: wallClock(referenceDate, options.timeZone ?? 'Europe/Berlin'),
    districts: options.districts ?? [],
  };
}

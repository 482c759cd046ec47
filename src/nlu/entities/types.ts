import { z } from 'zod';
import type { Language } from '../../catalogue/schema.js';

/** Where an entity was found: the matched substring and its offsets (end exclusive) in the original text. */
const span = {
  text: z.string().min(1),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
};

/**
 * A thing a citizen mentioned that a form can use. Zod schemas rather than plain types because the form dialogs keep
 * recognised entities in conversation state, which is parsed on every read.
 */
export const Entity = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('date'),
    ...span,
    value: z.object({
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      /** Only when the citizen named a time of day. */
      time: z
        .string()
        .regex(/^\d{2}:\d{2}$/)
        .optional(),
    }),
  }),
  /** German registration number, normalised to "M-XY 99" / "B-AB 1234E". */
  z.object({ type: z.literal('vehiclePlate'), ...span, value: z.string() }),
  z.object({ type: z.literal('email'), ...span, value: z.string() }),
  /** E.164, e.g. "+491701234567". */
  z.object({ type: z.literal('phone'), ...span, value: z.string().regex(/^\+\d{6,15}$/) }),
  /** Electronic format (no spaces, upper case), checksum verified. */
  z.object({ type: z.literal('iban'), ...span, value: z.string() }),
  /** Looks like an IBAN but is not one, so a dialog can say what is wrong instead of "I did not understand". */
  z.object({
    type: z.literal('invalidIban'),
    ...span,
    value: z.object({ iban: z.string(), reason: z.enum(['iban_checksum', 'iban_length', 'iban_format']) }),
  }),
  z.object({ type: z.literal('postcode'), ...span, value: z.string().regex(/^\d{5}$/) }),
  z.object({
    type: z.literal('address'),
    ...span,
    value: z.object({
      street: z.string(),
      houseNumber: z.string(),
      postalCode: z.string().optional(),
      city: z.string().optional(),
    }),
  }),
  /** One of the districts passed in by configuration, as configured. */
  z.object({ type: z.literal('district'), ...span, value: z.string() }),
  z.object({ type: z.literal('number'), ...span, value: z.number() }),
  z.object({
    type: z.literal('amount'),
    ...span,
    value: z.object({ amount: z.number(), currency: z.literal('EUR') }),
  }),
]);
export type Entity = z.infer<typeof Entity>;

/** The kinds of entity a form field can ask for (a broken IBAN is a finding, not something to ask for). */
export type EntityType = Exclude<Entity['type'], 'invalidIban'>;

/** The entity of one type, e.g. `EntityOf<'date'>`. */
export type EntityOf<T extends Entity['type']> = Extract<Entity, { type: T }>;

/** How to read a message. */
export interface RecogniseOptions {
  lang: Language;
  /** "heute", "nächsten Montag" and dates without a year are resolved against this instant; default: now. */
  referenceDate?: Date;
  /** The municipality's districts (Ortsteile, Stadtbezirke) to look for; none by default. */
  districts?: readonly string[];
  /** IANA zone in which the citizen's calendar is read; default Europe/Berlin. */
  timeZone?: string;
}

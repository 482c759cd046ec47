import { z } from 'zod';

/**
 * The format of a form dialog file (`dialogs/<id>.yaml`). Conditions and computed values are JSONata expressions
 * over the answers given so far (https://docs.jsonata.org), checked at load time; `dialogs/dialog.schema.json` is
 * generated from this file for editors' IDEs (`npm run dialogs:schema`).
 */

/**
 * German text with an optional English translation. Strict, like every object here: a misspelt key, or a comma
 * in an unquoted YAML flow mapping that splits a text in two, fails at load instead of silently losing text.
 */
const LocalizedText = z.strictObject({ de: z.string().min(1), en: z.string().min(1).optional() });

const Id = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]*$/, 'an id starts with a lower-case letter and has only letters and digits');

/** A JSONata expression, e.g. `mainResidence = true` or `years * 120`. Its syntax is checked by the loader. */
const Expression = z.string().min(1).max(2000);

/** Words citizens use for a field, so "das Kennzeichen ist falsch" finds it. */
const Aliases = z.strictObject({
  de: z.array(z.string().min(1)).default([]),
  en: z.array(z.string().min(1)).default([]),
});

const fieldBase = {
  id: Id,
  /** Short name shown in the summary and change buttons, e.g. "Kennzeichen". */
  label: LocalizedText,
  /** The question, e.g. "Wie lautet das Kennzeichen Ihres Fahrzeugs?". */
  prompt: LocalizedText,
  /** An example answer, shown when an answer could not be used. */
  example: LocalizedText.optional(),
  /** A hint shown with the question, e.g. where to find a number. */
  help: LocalizedText.optional(),
  /** Asked only when this expression over earlier answers is true. */
  when: Expression.optional(),
  /** May be skipped ("überspringen"); stored as null. */
  optional: z.boolean().default(false),
  aliases: Aliases.optional(),
  /** Further checks on the answer (`$value`) and earlier answers; the first false one re-prompts with its message. */
  rules: z.array(z.strictObject({ check: Expression, message: LocalizedText })).default([]),
  /** An answer taken without asking, e.g. `applicantName` for the account holder; shown in the summary. */
  prefill: Expression.optional(),
  /**
   * Offered as a one-tap answer, from earlier answers (an expression) or from what the citizen told an earlier dialog
   * in this conversation (`profile`).
   */
  suggest: Expression.optional(),
  /** Remembered for later dialogs in the same conversation, e.g. the applicant's name, address or e-mail. */
  profile: z.enum(['name', 'birthDate', 'address', 'email', 'phone', 'iban']).optional(),
  /**
   * Regular expressions (JavaScript, with a named group `value`) that take the answer from the citizen's first
   * message, e.g. `Hund(?:e)? (?:namens )?(?<value>\p{Lu}\p{Ll}+)` for "Ich möchte meinen Hund Bello anmelden".
   * Typed fields (plate, e-mail, ...) use `fromQuestion: true` instead: the one value of that type in the message.
   */
  fromQuestion: z
    .union([
      z.literal(true),
      z.strictObject({ de: z.array(z.string()).default([]), en: z.array(z.string()).default([]) }),
    ])
    .optional(),
};

export const ChoiceOption = z.strictObject({
  value: Id,
  label: LocalizedText,
  /** Other words for the option ("Geburt" for `birth`). */
  synonyms: Aliases.optional(),
});
export type ChoiceOption = z.infer<typeof ChoiceOption>;

const TextField = z.strictObject({
  ...fieldBase,
  type: z.literal('text'),
  minLength: z.number().int().min(0).default(1),
  maxLength: z.number().int().min(1).max(2000).default(200),
  /** A regular expression the whole answer must match (case-insensitive), e.g. a customer number's format. */
  pattern: z.string().optional(),
  /** Store the answer in capitals (identifiers such as meter numbers, however they were typed). */
  upperCase: z.boolean().default(false),
});
const NumberField = z.strictObject({
  ...fieldBase,
  type: z.literal('number'),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().default(false),
});
const AmountField = z.strictObject({
  ...fieldBase,
  type: z.literal('amount'),
  min: z.number().optional(),
  max: z.number().optional(),
});
const DateField = z.strictObject({
  ...fieldBase,
  type: z.literal('date'),
  /** `future` accepts today and later, `past` today and earlier. */
  allow: z.enum(['any', 'future', 'past']).default('any'),
});
const ChoiceField = z.strictObject({
  ...fieldBase,
  type: z.literal('choice'),
  options: z.array(ChoiceOption).min(2).max(12),
});
const simpleField = (type: 'yesNo' | 'email' | 'phone' | 'iban' | 'vehiclePlate' | 'address' | 'personName') =>
  z.strictObject({ ...fieldBase, type: z.literal(type) });

export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
const FileField = z.strictObject({
  ...fieldBase,
  type: z.literal('file'),
  accept: z
    .array(z.enum(UPLOAD_TYPES))
    .min(1)
    .default([...UPLOAD_TYPES]),
  maxBytes: z
    .number()
    .int()
    .min(1024)
    .max(20 * 1024 * 1024)
    .default(5 * 1024 * 1024),
});

/** A field with one answer. */
export const SimpleField = z.discriminatedUnion('type', [
  TextField,
  NumberField,
  AmountField,
  DateField,
  ChoiceField,
  simpleField('yesNo'),
  simpleField('email'),
  simpleField('phone'),
  simpleField('iban'),
  simpleField('vehiclePlate'),
  simpleField('address'),
  simpleField('personName'),
  FileField,
]);
export type SimpleField = z.infer<typeof SimpleField>;

/** Repeating fields, e.g. one entry per dog. */
export const GroupField = z.strictObject({
  id: Id,
  type: z.literal('group'),
  label: LocalizedText,
  /** Said before the group's first question. */
  prompt: LocalizedText.optional(),
  /** The name of one entry; `{n}` is its number, e.g. "Hund {n}". */
  itemLabel: LocalizedText,
  /** Asked after each entry once `min` entries exist, e.g. "Möchten Sie einen weiteren Hund anmelden?". */
  addAnother: LocalizedText,
  min: z.number().int().min(1).default(1),
  max: z.number().int().min(1).max(20).default(5),
  when: Expression.optional(),
  aliases: Aliases.optional(),
  fields: z.array(SimpleField).min(1),
});
export type GroupField = z.infer<typeof GroupField>;

/** Discriminated by `type`, so a mistake inside a field is reported at its own key, not as "invalid input". */
export const Field = z.discriminatedUnion('type', [SimpleField, GroupField]);
export type Field = z.infer<typeof Field>;
export type FieldType = SimpleField['type'];

export const ComputedValue = z.strictObject({
  id: Id,
  label: LocalizedText,
  type: z.enum(['amount', 'date', 'number', 'text']),
  expression: Expression,
  /** Shown in the summary (default) or only sent to the recipients. */
  inSummary: z.boolean().default(true),
});
export type ComputedValue = z.infer<typeof ComputedValue>;

/** eIDAS / BSI TR-03107 levels of assurance; `none` for anonymous reports such as meter readings. */
export const TrustLevel = z.enum(['none', 'low', 'substantial', 'high']);
export type TrustLevel = z.infer<typeof TrustLevel>;

export const Dialog = z.strictObject({
  /** The version of this file format; older versions are migrated on read. */
  version: z.literal(1, { error: 'unsupported dialog version, this GovBot reads version 1' }),
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a dialog id is lower-case words joined by "-"'),
  /** The catalogue entries this dialog applies for; the first is the main one. */
  services: z.array(z.string().min(1)).min(1),
  /**
   * For a dialog that covers several entries: which one an application is for, from its answers, e.g.
   * `kind = "birth" ? "geburtsurkunde" : kind = "marriage" ? "eheurkunde" : "sterbeurkunde"` (sets its LeiKa key).
   */
  serviceFrom: Expression.optional(),
  title: LocalizedText,
  /** Two to four capital letters that start the reference numbers, e.g. `HU`. */
  referencePrefix: z.string().regex(/^[A-Z]{2,4}$/, 'two to four capital letters'),
  trustLevel: TrustLevel,
  /** Said when the dialog starts: what it does and roughly how long it takes. */
  intro: LocalizedText,
  fields: z.array(Field).min(1),
  computed: z.array(ComputedValue).default([]),
  /**
   * Stops that end the dialog early when an answer rules the application out, e.g. no main residence in the zone;
   * the citizen may change the answer instead.
   */
  exits: z.array(z.strictObject({ when: Expression, message: LocalizedText })).default([]),
  /** Who may process the data and why (Art. 13 DSGVO), shown before confirmation. */
  privacyNotice: LocalizedText,
  /** What the citizen declares by submitting, shown with the submit button. */
  confirmation: LocalizedText,
  /** What happens next, shown on the receipt. */
  nextSteps: LocalizedText,
  /** Recipient ids from `dialogs/recipients.yaml`; `when` adds one only in some cases. */
  recipients: z
    .array(z.strictObject({ id: z.string().min(1), copy: z.boolean().default(false), when: Expression.optional() }))
    .min(1),
});
export type Dialog = z.infer<typeof Dialog>;

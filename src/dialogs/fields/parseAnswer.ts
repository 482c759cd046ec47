import type { Language } from '../../catalogue/schema.js';
import { parseEntity } from '../../nlu/entities/index.js';
import type { RejectedUpload, UploadReference } from '../../uploads/attachments.js';
import type { SimpleField } from '../schema.js';
import { parseChoice } from './parseChoice.js';
import { parsePersonName } from './parsePersonName.js';
import { parseYesNo } from './parseYesNo.js';

/** Why an answer could not be used; the re-prompt is chosen by it (see `invalidAnswerText`). */
export type AnswerProblem =
  | { reason: string }
  /** A dialog rule failed; its message says why. */
  | { reason: 'rule'; message: { de: string; en?: string } };

export type AnswerOutcome = { status: 'ok'; value: unknown } | ({ status: 'invalid' } & AnswerProblem);

export interface AnswerContext {
  lang: Language;
  /** "heute", "morgen" and ages are read against this instant. */
  now?: Date;
}

/**
 * Reads a typed answer as the value of a field, e.g. "M XY 99" as the plate "M-XY 99" or "am 3. März" as a date.
 * Answers may have words around the value ("es ist der 3. März"). Rules of the dialog are checked by the caller.
 */
export function parseAnswer(field: SimpleField, text: string, context: AnswerContext): AnswerOutcome {
  const answer = text.trim();
  const options = { lang: context.lang, referenceDate: context.now };
  switch (field.type) {
    case 'text':
      return parseText(field, stripFrame(answer));
    case 'number': {
      // "keine" to "Wie viele Beschäftigte?" is a number too.
      if (NONE_COUNT.test(answer)) return checkRange(0, field.min, field.max, field.integer);
      const parsed = parseEntity('number', answer, options);
      if (parsed.status === 'invalid') return invalid(parsed.reason);
      return checkRange(signed(answer, parsed.entity.value), field.min, field.max, field.integer);
    }
    case 'amount': {
      const amount = parseEntity('amount', answer, options);
      const value =
        amount.status === 'ok' ? amount.entity.value.amount : numberOrUndefined(parseEntity('number', answer, options));
      if (value === undefined) return invalid('not_an_amount');
      return checkRange(signed(answer, value), field.min, field.max, false);
    }
    case 'date': {
      const when = field.allow === 'any' ? undefined : field.allow;
      const parsed = parseEntity('date', answer, { ...options, when });
      return parsed.status === 'ok' ? ok(parsed.entity.value.date) : invalid(parsed.reason);
    }
    case 'choice':
      return parseChoice(field.options, answer);
    case 'yesNo': {
      const yes = parseYesNo(answer);
      return yes === undefined ? invalid('not_yes_no') : ok(yes);
    }
    case 'email':
    case 'phone':
    case 'iban':
    case 'vehiclePlate': {
      const parsed = parseEntity(field.type, answer, options);
      return parsed.status === 'ok' ? ok(parsed.entity.value) : invalid(parsed.reason);
    }
    case 'address': {
      const parsed = parseEntity('address', answer, options);
      return parsed.status === 'ok' ? ok(parsed.entity.value) : invalid(parsed.reason);
    }
    case 'personName': {
      const name = parsePersonName(answer);
      return name ? ok(name) : invalid('not_a_name');
    }
    case 'file':
      return invalid('file_expected');
  }
}

/** Checks an uploaded file against what the field accepts. */
export function parseUpload(
  field: SimpleField,
  upload: { accepted: UploadReference } | { rejected: RejectedUpload },
): AnswerOutcome {
  if (field.type !== 'file') return invalid('file_not_expected');
  if ('rejected' in upload) return invalid(`upload_${upload.rejected.reason}`);
  const file = upload.accepted;
  if (!field.accept.some((type) => type === file.contentType)) return invalid('upload_unsupported_type');
  if (file.size > field.maxBytes) return invalid('upload_too_large');
  return ok(file);
}

function parseText(field: Extract<SimpleField, { type: 'text' }>, answer: string): AnswerOutcome {
  if (answer.length < Math.max(1, field.minLength)) return invalid('too_short');
  if (answer.length > field.maxLength) return invalid('too_long');
  if (field.pattern !== undefined) {
    const compact = answer.replace(/\s+/g, '');
    if (!new RegExp(`^(?:${field.pattern})$`, 'iu').test(compact)) return invalid('pattern');
    return ok(field.upperCase ? compact.toUpperCase() : compact);
  }
  return ok(field.upperCase ? answer.toUpperCase() : answer);
}

/**
 * "Er heißt Bello" → "Bello", "Die Nummer lautet 123" → "123": citizens answer in sentences; the frame is no
 * part of the answer. Only the few frames people use for names and numbers are removed.
 */
function stripFrame(answer: string): string {
  const match =
    /^(?:(?:er|sie|es|der|die|das|mein|meine|unser|unsere)(?:\s+\p{L}+)?\s+(?:heißt|heisst|lautet|ist)|(?:his|her|its|the|my)(?:\s+\p{L}+)?\s+(?:name\s+)?is|(?:he|she|it)(?:'s| is)\s+called)\s+(.+)$/iu.exec(
      answer,
    );
  const inner = match?.[1]?.trim();
  return inner ? inner.replace(/[.!]+$/, '') : answer;
}

const NONE_COUNT = /^(?:keine?n?|gar keine?n?|null|niemand|none|zero|no one|nobody)[.!]?$/iu;

/** The entity finders read "-5" as 5; a minus (or "minus") before the first figure makes it negative. */
function signed(answer: string, value: number): number {
  return value > 0 && /^\s*(?:[-−–]|minus\s)\s*\d/iu.test(answer) ? -value : value;
}

function checkRange(value: number, min: number | undefined, max: number | undefined, integer: boolean): AnswerOutcome {
  if (integer && !Number.isInteger(value)) return invalid('not_an_integer');
  if (min !== undefined && value < min) return invalid('too_small');
  if (max !== undefined && value > max) return invalid('too_large');
  return ok(value);
}

function numberOrUndefined(outcome: ReturnType<typeof parseEntity<'number'>>): number | undefined {
  return outcome.status === 'ok' ? outcome.entity.value : undefined;
}

function ok(value: unknown): AnswerOutcome {
  return { status: 'ok', value };
}

function invalid(reason: string): AnswerOutcome {
  return { status: 'invalid', reason };
}

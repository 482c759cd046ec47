import { type Language, localize } from '../../catalogue/schema.js';
import { UploadReference } from '../../uploads/attachments.js';
import type { ComputedValue, SimpleField } from '../schema.js';
import { FORM_TEXTS } from '../texts.js';
import { PersonName, PostalAddress } from './values.js';

/** An answer as the citizen and the recipients read it: "15.03.2024", "120,00 €", "Erika Mustermann". */
export function formatValue(field: SimpleField, value: unknown, lang: Language): string {
  if (value === null || value === undefined) return FORM_TEXTS[lang].skipped;
  switch (field.type) {
    case 'choice': {
      const option = field.options.find((candidate) => candidate.value === value);
      return option ? localize(option.label, lang) : String(value);
    }
    case 'yesNo':
      return value === true ? FORM_TEXTS[lang].yes : FORM_TEXTS[lang].no;
    case 'iban':
      return String(value).replace(/(.{4})(?=.)/g, '$1 ');
    case 'file': {
      const file = UploadReference.safeParse(value);
      return file.success ? `${file.data.name} (${formatSize(file.data.size, lang)})` : String(value);
    }
    default:
      return formatTyped(field.type, value, lang);
  }
}

/** A computed value (fee, date) for the summary. */
export function formatComputed(computed: ComputedValue, value: unknown, lang: Language): string {
  if (value === undefined || value === null) return '–';
  return formatTyped(computed.type, value, lang);
}

function formatTyped(type: string, value: unknown, lang: Language): string {
  const locale = lang === 'en' ? 'en-GB' : 'de-DE';
  if (type === 'amount' && typeof value === 'number') {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }).format(value);
  }
  if (type === 'number' && typeof value === 'number') return new Intl.NumberFormat(locale).format(value);
  if (type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-').map(Number);
    const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
    return new Intl.DateTimeFormat(locale, { dateStyle: lang === 'en' ? 'long' : 'medium', timeZone: 'UTC' }).format(
      date,
    );
  }
  const name = PersonName.safeParse(value);
  if (name.success) return `${name.data.givenName} ${name.data.familyName}`;
  const address = PostalAddress.safeParse(value);
  if (address.success) {
    const { street, houseNumber, postalCode, city } = address.data;
    const place = [postalCode, city].filter(Boolean).join(' ');
    return place ? `${street} ${houseNumber}, ${place}` : `${street} ${houseNumber}`;
  }
  return String(value);
}

function formatSize(bytes: number, lang: Language): string {
  const locale = lang === 'en' ? 'en-GB' : 'de-DE';
  if (bytes < 1024 * 1024) return `${new Intl.NumberFormat(locale).format(Math.ceil(bytes / 1024))} KB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
}

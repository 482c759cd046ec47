import { z } from 'zod';

/** Languages the bot speaks. German is required for every text, English is optional. */
export const Language = z.enum(['de', 'en']);
export type Language = z.infer<typeof Language>;

/** The language of a locale ("de-DE", "en-GB"): German for none or any other. */
export function languageOf(locale: string | undefined): Language {
  const parsed = Language.safeParse((locale ?? 'de').slice(0, 2).toLowerCase());
  return parsed.success ? parsed.data : 'de';
}

/** A text in German with an optional English translation. */
export const LocalizedText = z.object({ de: z.string().min(1), en: z.string().min(1).optional() });
export type LocalizedText = z.infer<typeof LocalizedText>;

/** A text in the given language, German where it has no translation. */
export function localize(text: LocalizedText, lang: Language): string {
  return (lang === 'en' ? text.en : undefined) ?? text.de;
}

/** A list of texts (e.g. required documents) in German with an optional English list. */
export const LocalizedList = z.object({ de: z.array(z.string().min(1)), en: z.array(z.string().min(1)).optional() });
export type LocalizedList = z.infer<typeof LocalizedList>;

/** LeiKa key (Leistungskatalog der öffentlichen Verwaltung): 14 digits, always starting with 99. */
export const LeikaKey = z.string().regex(/^99\d{12}$/, 'a LeiKa key has 14 digits and starts with 99');

/**
 * An absolute http(s) URL. Checked with `new URL()` rather than zod's `z.url()`: on Node 20 `URL.canParse`, which
 * `z.url()` uses, starts to reject URLs with non-ASCII hosts (https://www.einbürgerung.de/) after some thousand calls
 * once V8 optimises it, so a long-running server would reject valid catalogues (test/catalogue/schema.test.ts).
 */
export const HttpUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}, 'an absolute http(s) URL');

export const Link = z.object({ title: LocalizedText, url: HttpUrl });
export type Link = z.infer<typeof Link>;

export const Weekday = z.enum(['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']);
export type Weekday = z.infer<typeof Weekday>;

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time as HH:MM');
/** One opening interval on some weekdays, e.g. Mo–Fr 08:00–12:00. */
export const OpeningSlot = z.object({ days: z.array(Weekday).min(1), opens: time, closes: time });
export type OpeningSlot = z.infer<typeof OpeningSlot>;

export const Address = z.object({
  street: z.string().min(1),
  houseNumber: z.string().optional(),
  postalCode: z.string().regex(/^\d{5}$/, 'a German postcode has 5 digits'),
  city: z.string().min(1),
});
export type Address = z.infer<typeof Address>;

/** An office (zuständige Stelle) where citizens are served. */
export const Office = z.object({
  id: z.string().min(1),
  name: LocalizedText,
  address: Address.optional(),
  openingHours: z.array(OpeningSlot).default([]),
  /** Free text about opening hours, e.g. "nur mit Termin". */
  openingNote: LocalizedText.optional(),
  contact: z
    .object({
      phone: z.string().optional(),
      email: z.string().optional(),
      fax: z.string().optional(),
      web: HttpUrl.optional(),
    })
    .default({}),
  geo: z.object({ lat: z.number(), lon: z.number() }).optional(),
  source: z.object({ kind: z.enum(['default', 'dldb', 'editor']), id: z.string() }).optional(),
});
export type Office = z.infer<typeof Office>;

/**
 * A catalogue entry (Leistung), modelled after XZuFi/PVOG: Leistungsbezeichnung (title), Kurztext (summary),
 * Volltext (description, markdown), Kosten, Fristen, Bearbeitungsdauer, erforderliche Unterlagen, Voraussetzungen,
 * Rechtsgrundlagen, zuständige Stelle (offices), Onlinedienst-Link and synonyms.
 */
export const Service = z.object({
  /** Stable id: a slug for the default catalogue, the source id for imported entries. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case letters, digits and dashes'),
  leika: z.array(LeikaKey).default([]),
  title: LocalizedText,
  summary: LocalizedText,
  description: LocalizedText.optional(),
  costs: LocalizedText.optional(),
  deadlines: LocalizedText.optional(),
  processingTime: LocalizedText.optional(),
  documents: LocalizedList.optional(),
  prerequisites: LocalizedList.optional(),
  legalBasis: z.array(z.string().min(1)).default([]),
  officeIds: z.array(z.string()).default([]),
  onlineService: Link.optional(),
  forms: z.array(Link).default([]),
  links: z.array(Link).default([]),
  /** Words citizens use for this service (colloquial names, abbreviations, related terms). */
  synonyms: z.object({ de: z.array(z.string()).default([]), en: z.array(z.string()).default([]) }).default({
    de: [],
    en: [],
  }),
  source: z.object({ kind: z.enum(['default', 'dldb', 'editor']), id: z.string(), url: HttpUrl.optional() }).optional(),
});
export type Service = z.infer<typeof Service>;

/** The whole catalogue of one city. */
export const Catalogue = z.object({ services: z.array(Service), offices: z.array(Office) });
export type Catalogue = z.infer<typeof Catalogue>;

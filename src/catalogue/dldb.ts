import { z } from 'zod';
import { htmlToMarkdown, htmlToText } from './html.js';
import { type Catalogue, LeikaKey, type Link, Office, Service } from './schema.js';
import { summarize } from './summarize.js';

const Id = z.union([z.string(), z.number()]).transform((id) => String(id).trim());
const Text = z.string().nullish();
const NumberOrText = z.union([z.string(), z.number()]).nullish();

/** A service record of a DLDB export (Berlin, Munich). Lenient: the exports differ in which fields they carry. */
export const DldbService = z.looseObject({
  id: Id,
  name: z.string(),
  description: Text,
  /** HTML; missing or null when there are no fees. */
  fees: Text,
  /** Empty, one key, or several keys separated by commas. */
  leika: z.union([Id, z.array(Id)]).nullish(),
  meta: z.looseObject({ url: Text, keywords: z.union([z.string(), z.array(z.string())]).nullish() }).nullish(),
  forms: z.array(z.unknown()).nullish(),
  links: z.array(z.unknown()).nullish(),
  appointment: z.looseObject({ link: Text }).nullish(),
  onlineprocessing: z.looseObject({ link: Text }).nullish(),
  processing_time: Text,
  locations: z.array(z.looseObject({ location: Id })).nullish(),
  /** false marks internal services (Munich: ZMS_INTERN) that the public booking pages do not offer. */
  public: z.boolean().nullish(),
});
export type DldbService = z.infer<typeof DldbService>;

const DldbLink = z.looseObject({ name: Text, link: z.string() });

/** A location (office) record of a DLDB export. Coordinates come as strings. */
export const DldbLocation = z.looseObject({
  id: Id,
  name: Text,
  displayName: Text,
  address: z.looseObject({ street: Text, house_number: NumberOrText, postal_code: NumberOrText, city: Text }).nullish(),
  geo: z.looseObject({ lat: NumberOrText, lon: NumberOrText }).nullish(),
  contact: z.looseObject({ email: Text, phone: Text, fax: Text, webinfo: Text }).nullish(),
});
export type DldbLocation = z.infer<typeof DldbLocation>;

/** Both files wrap their records as `{ data: [...], meta }`; a bare array is accepted too. */
const DldbExport = z.union([z.array(z.unknown()), z.looseObject({ data: z.array(z.unknown()) })]);

export interface DldbImportOptions {
  /** Record the service's page (`meta.url`, `{serviceId}` filled in) as `source.url`. Default true. */
  sourceUrl?: boolean;
}

/**
 * Imports a DLDB export (services file, optionally the locations file) into a catalogue. Records that cannot be used
 * and values that are dropped (invalid LeiKa keys, URLs, unknown offices) are reported as warnings; a file that is not
 * a DLDB export at all throws. Without a locations file no office references are kept, as they could not be resolved.
 */
export function importDldb(
  services: unknown,
  locations?: unknown,
  options: DldbImportOptions = {},
): { catalogue: Catalogue; warnings: string[] } {
  const warnings: string[] = [];
  const offices = new Map<string, Office>();
  for (const record of parseRecords('locations', locations ?? [], DldbLocation, warnings)) {
    const office = Office.safeParse(toOffice(record, warnings));
    if (offices.has(record.id)) warnings.push(`location ${record.id}: duplicate id, skipped`);
    else if (office.success) offices.set(record.id, office.data);
    else warnings.push(`location ${record.id}: skipped, ${issues(office.error)}`);
  }
  const catalogueServices = new Map<string, Service>();
  let unresolved = 0;
  for (const record of parseRecords('services', services, DldbService, warnings)) {
    const draft = toService(record, options, warnings);
    if (!draft) continue;
    if (catalogueServices.has(draft.id)) {
      warnings.push(`service ${record.id}: duplicate id, skipped`);
      continue;
    }
    const referenced = [...new Set((record.locations ?? []).map((location) => location.location))];
    if (locations === undefined) {
      if (referenced.length > 0) unresolved++;
    } else {
      const missing = referenced.filter((id) => !offices.has(id));
      if (missing.length) warnings.push(`service ${record.id}: offices ${missing.join(', ')} not found, left out`);
      draft.officeIds = referenced.filter((id) => offices.has(id));
    }
    const service = Service.safeParse(draft);
    if (service.success) catalogueServices.set(service.data.id, service.data);
    else warnings.push(`service ${record.id}: skipped, ${issues(service.error)}`);
  }
  if (unresolved > 0) {
    warnings.push(`no locations file: the office references of ${unresolved} services were left out`);
  }
  // Every entry has passed its schema above, so the catalogue is valid without parsing it a second time.
  return { catalogue: { services: [...catalogueServices.values()], offices: [...offices.values()] }, warnings };
}

function parseRecords<T>(file: string, input: unknown, schema: z.ZodType<T>, warnings: string[]): T[] {
  const parsed = DldbExport.safeParse(input);
  if (!parsed.success) throw new Error(`DLDB ${file}: not a DLDB export (${issues(parsed.error)})`);
  const records = Array.isArray(parsed.data) ? parsed.data : parsed.data.data;
  return records.flatMap((record, index) => {
    const result = schema.safeParse(record);
    if (result.success) return [result.data];
    warnings.push(`${file}[${index}]: skipped, ${issues(result.error)}`);
    return [];
  });
}

function toService(record: DldbService, options: DldbImportOptions, warnings: string[]): Service | undefined {
  const warn = (message: string) => warnings.push(`service ${record.id}: ${message}`);
  const id = record.id.toLowerCase();
  const title = htmlToText(record.name);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id) || !title) {
    warn(!title ? 'no name, skipped' : 'id is not usable as a catalogue id, skipped');
    return undefined;
  }
  const description = htmlToMarkdown(record.description ?? '');
  const costs = htmlToMarkdown(record.fees ?? '');
  const processingTime = htmlToMarkdown(record.processing_time ?? '');
  const withId = (url: string | null | undefined) => httpUrl(url?.replaceAll('{serviceId}', record.id));
  const pageUrl = options.sourceUrl === false ? undefined : withId(record.meta?.url);
  const onlineUrl = record.public === false ? undefined : withId(record.appointment?.link);
  const processingUrl = withId(record.onlineprocessing?.link);
  const links = toLinks(record.links, 'link', warn);
  // Munich lists every "Formulare und Informationen" entry both as form and as link: those count as links only.
  const forms = toLinks(record.forms, 'form', warn).filter((form) => !links.some((link) => link.url === form.url));
  return {
    id,
    leika: leikaKeys(record.leika, warn),
    title: { de: title },
    summary: { de: summarize(htmlToText(record.description ?? '')) || title },
    ...(description && { description: { de: description } }),
    ...(costs && { costs: { de: costs } }),
    ...(processingTime && { processingTime: { de: processingTime } }),
    legalBasis: [],
    officeIds: [],
    ...(processingUrl
      ? { onlineService: { title: { de: 'Online erledigen' }, url: processingUrl } }
      : onlineUrl && { onlineService: { title: { de: 'Termin online vereinbaren' }, url: onlineUrl } }),
    forms,
    links,
    synonyms: { de: keywords(record.meta?.keywords), en: [] },
    source: { kind: 'dldb', id: record.id, ...(pageUrl && { url: pageUrl }) },
  };
}

function toOffice(record: DldbLocation, warnings: string[]): Office {
  const warn = (message: string) => warnings.push(`location ${record.id}: ${message}`);
  const name = htmlToText(record.displayName ?? '') || htmlToText(record.name ?? '');
  if (!name) warn('no name, named after its id');
  const { street, house_number: houseNumber, postal_code: postalCode, city } = record.address ?? {};
  const postcode = String(postalCode ?? '').trim();
  const hasAddress = Boolean(street?.trim() && city?.trim() && /^\d{5}$/.test(postcode));
  if (!hasAddress && (street || postalCode || city)) warn('incomplete address left out');
  const lat = coordinate(record.geo?.lat);
  const lon = coordinate(record.geo?.lon);
  // 0/0 is what exports write when nobody entered coordinates.
  const hasGeo = Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && (lat !== 0 || lon !== 0);
  if (!hasGeo && (record.geo?.lat || record.geo?.lon)) warn('invalid coordinates left out');
  const contact = record.contact ?? {};
  const web = httpUrl(contact.webinfo);
  if (!web && contact.webinfo?.trim()) warn(`web address ${contact.webinfo} is not a URL, left out`);
  return {
    id: record.id,
    name: { de: name || `Standort ${record.id}` },
    ...(hasAddress && {
      address: {
        street: street?.trim() ?? '',
        ...(String(houseNumber ?? '').trim() && { houseNumber: String(houseNumber).trim() }),
        postalCode: postcode,
        city: city?.trim() ?? '',
      },
    }),
    openingHours: [],
    contact: {
      ...(contact.phone?.trim() && { phone: contact.phone.trim() }),
      ...(contact.email?.trim() && { email: contact.email.trim() }),
      ...(contact.fax?.trim() && { fax: contact.fax.trim() }),
      ...(web && { web }),
    },
    ...(hasGeo && { geo: { lat, lon } }),
    source: { kind: 'dldb', id: record.id },
  };
}

/** A number from a coordinate given as number or string; NaN when missing or not a number ("48,1"). */
function coordinate(value: string | number | null | undefined): number {
  if (typeof value === 'number') return value;
  return value?.trim() ? Number(value) : Number.NaN;
}

/** LeiKa keys from a single key, a comma-separated list or an array; invalid keys are reported and dropped. */
function leikaKeys(leika: DldbService['leika'], warn: (message: string) => void): string[] {
  const candidates = (Array.isArray(leika) ? leika : [leika ?? '']).flatMap((value) => value.split(/[,;\s]+/));
  const keys = new Set<string>();
  for (const candidate of candidates.filter(Boolean)) {
    if (LeikaKey.safeParse(candidate).success) keys.add(candidate);
    else warn(`invalid LeiKa key "${candidate}" dropped`);
  }
  return [...keys];
}

/** Keywords as synonyms: split on commas, trimmed, without repeats (ignoring case). */
function keywords(value: string | string[] | null | undefined): string[] {
  const words = (Array.isArray(value) ? value : [value ?? '']).flatMap((text) => text.split(','));
  const synonyms = new Map<string, string>();
  for (const word of words.map((text) => htmlToText(text))) {
    if (word && !synonyms.has(word.toLowerCase())) synonyms.set(word.toLowerCase(), word);
  }
  return [...synonyms.values()];
}

function toLinks(entries: unknown[] | null | undefined, kind: string, warn: (message: string) => void): Link[] {
  const links: Link[] = [];
  for (const entry of entries ?? []) {
    const parsed = DldbLink.safeParse(entry);
    const url = parsed.success ? httpUrl(parsed.data.link) : undefined;
    if (!parsed.success || !url) {
      const shown = JSON.stringify(parsed.success ? parsed.data.link : entry) ?? String(entry);
      warn(`${kind} ${shown.slice(0, 120)} has no valid URL, dropped`);
    } else if (!links.some((link) => link.url === url)) {
      links.push({ title: { de: htmlToText(parsed.data.name ?? '') || url }, url });
    }
  }
  return links;
}

/**
 * An absolute http(s) URL in its ASCII form (punycode host, percent-encoded path), or undefined. ASCII because Node 20's
 * `URL.canParse`, which zod's `z.url()` calls, wrongly rejects non-ASCII URLs once it has been optimised
 * (AikidoSec/firewall-node#1086): the catalogue would otherwise fail validation depending on how warm the process is.
 */
function httpUrl(value: string | null | undefined): string | undefined {
  const url = value?.trim() ?? '';
  if (!/^https?:\/\/./i.test(url)) return undefined;
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

function issues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; ');
}

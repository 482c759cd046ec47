import { type Language, type LocalizedText, localize } from '../catalogue/schema.js';
import type { StoredApplication } from './types.js';

/** A receipt as a standalone page (no scripts, no external resources) and as a plain text file. */
export interface Receipt {
  html: string;
  text: string;
  /** `<reference>.txt`. */
  fileName: string;
}

/**
 * The citizen's receipt for a submitted application, in the language they used: reference number, time of receipt
 * (German time), what was applied for, who it went to and what they entered (`citizenSummary`). Every text from the
 * application is escaped; the page is meant to be read, printed and saved.
 */
export function renderReceipt(
  application: StoredApplication,
  recipientNames: Readonly<Record<string, LocalizedText>>,
  options: { downloadHref?: string } = {},
): Receipt {
  const lang = application.lang;
  const t = TEXTS[lang];
  const recipients = application.recipients.map((recipient) => {
    const known = recipientNames[recipient.id];
    const name = known ? localize(known, lang) : recipient.id;
    return recipient.copy ? `${name} (${t.copy})` : name;
  });
  const facts: [string, string][] = [
    [t.reference, application.reference],
    [t.receivedAt, formatTime(application.submittedAt, lang)],
    [t.application, application.title.citizen],
  ];
  const lines = application.citizenSummary.map((line) => [clean(line.label), clean(line.value)] as const);
  return {
    html: renderHtml(application, lang, facts, recipients, lines, options.downloadHref),
    text: renderText(facts, recipients, lines, lang),
    fileName: `${application.reference}.txt`,
  };
}

/** The page's only styles; the receipt route allows exactly this block by its hash in the CSP. */
export const RECEIPT_STYLE =
  'body{font-family:system-ui,sans-serif;max-width:44rem;margin:1rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}' +
  'dl{display:grid;grid-template-columns:minmax(8rem,auto) 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;' +
  'white-space:pre-line;overflow-wrap:anywhere}ul{margin:0;padding-left:1.2rem}.reference{font-size:1.25rem;' +
  'letter-spacing:.05em}a{color:#0b4f9c}@media print{body{margin:0;max-width:none}.no-print{display:none}}';

const TEXTS = {
  de: {
    title: 'Eingangsbestätigung',
    intro: (title: string) => `Ihr Antrag „${title}“ ist eingegangen. Vielen Dank.`,
    reference: 'Vorgangsnummer',
    receivedAt: 'Eingegangen am',
    application: 'Antrag',
    recipients: 'Weitergeleitet an',
    copy: 'zur Kenntnis',
    details: 'Ihre Angaben',
    keep: 'Bitte bewahren Sie diese Bestätigung auf und geben Sie bei Rückfragen die Vorgangsnummer an.',
    download: 'Bestätigung als Textdatei herunterladen',
    at: (date: string) => `${date} Uhr`,
  },
  en: {
    title: 'Confirmation of receipt',
    intro: (title: string) => `Your application “${title}” has been received. Thank you.`,
    reference: 'Reference number',
    receivedAt: 'Received on',
    application: 'Application',
    recipients: 'Forwarded to',
    copy: 'for information',
    details: 'Your details',
    keep: 'Please keep this confirmation and quote the reference number in any enquiry.',
    download: 'Download this confirmation as a text file',
    at: (date: string) => `${date} (German time)`,
  },
} satisfies Record<Language, unknown>;

function renderHtml(
  application: StoredApplication,
  lang: Language,
  facts: [string, string][],
  recipients: string[],
  lines: (readonly [string, string])[],
  downloadHref: string | undefined,
): string {
  const t = TEXTS[lang];
  const [reference, ...otherFacts] = facts;
  const factItems = [
    reference ? `<dt>${escapeHtml(reference[0])}</dt><dd class="reference">${escapeHtml(reference[1])}</dd>` : '',
    ...otherFacts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(clean(value))}</dd>`),
    recipients.length > 0
      ? `<dt>${escapeHtml(t.recipients)}</dt><dd><ul>${recipients.map((name) => `<li>${escapeHtml(name)}</li>`).join('')}</ul></dd>`
      : '',
  ].join('\n');
  const details =
    lines.length > 0
      ? `<h2>${escapeHtml(t.details)}</h2>\n<dl>\n${lines
          .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`)
          .join('\n')}\n</dl>`
      : '';
  const download = downloadHref
    ? `<p class="no-print"><a href="${escapeHtml(downloadHref)}" download>${escapeHtml(t.download)}</a></p>`
    : '';
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><meta name="referrer" content="no-referrer">
<title>${escapeHtml(`${t.title} ${application.reference}`)}</title>
<style>${RECEIPT_STYLE}</style>
</head><body><main>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro(clean(application.title.citizen)))}</p>
<dl>
${factItems}
</dl>
${details}
<p>${escapeHtml(t.keep)}</p>
${download}
</main></body></html>
`;
}

function renderText(
  facts: [string, string][],
  recipients: string[],
  lines: (readonly [string, string])[],
  lang: Language,
): string {
  const t = TEXTS[lang];
  const entry = (label: string, value: string) => `${label}: ${clean(value).replace(/\n/g, '\n  ')}`;
  const out = [t.title, '='.repeat(t.title.length), '', ...facts.map(([label, value]) => entry(label, value))];
  if (recipients.length > 0) out.push(entry(t.recipients, recipients.join(', ')));
  if (lines.length > 0) out.push('', t.details, '-'.repeat(t.details.length), ...lines.map(([l, v]) => entry(l, v)));
  out.push('', t.keep, '');
  return out.join('\n');
}

function formatTime(iso: string, lang: Language): string {
  const formatted = new Intl.DateTimeFormat(lang === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Berlin',
  }).format(new Date(iso));
  return TEXTS[lang].at(formatted);
}

/**
 * Control characters (but line breaks) and bidirectional overrides removed: they have no business on a receipt and
 * can make a text viewer show something other than what is stored.
 */
function clean(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/\p{Cc}|[\u202a-\u202e\u2066-\u2069]/gu, (char) => (char === '\n' ? char : ''));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

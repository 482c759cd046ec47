/**
 * The first sentences of a plain text, at most 300 characters. Leading headings (short lines without punctuation) are
 * skipped; list items are folded in, separated by commas; the summary ends before the next heading, after a list, or
 * at the end of a paragraph once it has 100 characters. A sentence that introduces what did not fit ("folgende
 * Daten:") is left out; a first sentence that is too long is cut at a word boundary.
 */
export function summarize(text: string): string {
  const parts: string[] = [];
  const headings: string[] = [];
  let listOpen = false;
  const current = () => parts.join('');
  const add = (part: string, separator: string) => {
    if (parts.length && current().length + separator.length + part.length > SUMMARY_LENGTH) return false;
    parts.push(parts.length ? separator + part : part);
    return true;
  };
  const paragraphs = text.split(/\n{2,}/).map((paragraph) => paragraph.split('\n').filter((line) => line.trim()));
  for (const lines of paragraphs) {
    if (current().length >= 100 && !listOpen && !current().endsWith(':')) break;
    for (const line of lines) {
      const item = /^(?:-|\d+\.) (.*)$/.exec(line.trim())?.[1];
      if (item !== undefined) {
        // Nested lists and the items that introduce them are too detailed for a summary.
        if (/^\s/.test(line) || item.endsWith(':')) continue;
        const separator = /[.!?:]$/.test(current()) || !listOpen ? ' ' : ', ';
        const itemSentences = sentences(item.replace(/[,;]+$/, ''));
        for (const [index, sentence] of itemSentences.entries()) {
          if (!add(sentence, index === 0 ? separator : ' ')) return finish(parts, listOpen || index > 0, true);
        }
        listOpen = true;
      } else if (listOpen) {
        return finish(parts, true, false);
      } else if (line.length <= 80 && !/[.!?:;,]$/.test(line)) {
        if (parts.length) return finish(parts, false, false);
        headings.push(line.trim());
      } else {
        for (const sentence of sentences(line.trim())) {
          if (!add(sentence, ' ')) return finish(parts, false, true);
        }
      }
    }
  }
  return parts.length ? finish(parts, listOpen, false) : (headings[0] ?? '');
}

function finish(parts: string[], listOpen: boolean, truncated: boolean): string {
  while (parts.length > 1 && parts.join('').endsWith(':')) parts.pop();
  const text = parts.join('').trim();
  if (text.length > SUMMARY_LENGTH) {
    const cut = text.slice(0, SUMMARY_LENGTH - 1);
    return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 1)).replace(/[\s,;:–-]+$/, '')}…`;
  }
  if (text.endsWith(':')) return `${text.slice(0, -1)} …`;
  if (/[.!?]$/.test(text)) return text;
  if (listOpen) return truncated ? `${text} …` : `${text}.`;
  return /[…"“”)]$/.test(text) ? text : `${text} …`;
}

function sentences(line: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const match of line.matchAll(/[.!?]+["“”)]?\s+(?=["„“(]?[A-ZÄÖÜ0-9])/g)) {
    const end = match.index + match[0].trimEnd().length;
    if (ABBREVIATION.test(line.slice(start, end))) continue;
    out.push(line.slice(start, end));
    start = match.index + match[0].length;
  }
  out.push(line.slice(start));
  return out.map((sentence) => sentence.trim()).filter(Boolean);
}

const SUMMARY_LENGTH = 300;
/** Words that end with a full stop without ending a sentence. */
const ABBREVIATION =
  /(^|[\s(])(\d+|[a-zäöü]|bzw|ca|vgl|usw|etc|nr|abs|str|ggf|evtl|inkl|zzgl|tel|geb|dr|prof|st|bspw|sog|u\.a|z\.b|d\.h)\.$/i;

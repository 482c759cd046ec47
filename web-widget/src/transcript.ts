import type { Locale, Texts } from './i18n.js';

/** Elements whose text starts on a new line in the plain-text transcript. */
const BLOCKS = new Set(['P', 'DIV', 'LI', 'TR', 'H1', 'H2', 'H3', 'H4', 'UL', 'OL', 'TABLE', 'DL', 'DT', 'DD']);

/**
 * The conversation as plain text, from the messages as they are shown (so cards and agents' messages are in it):
 * one block per message, `[time] author:` and then its text; links keep their address. Texts only for screen readers
 * ("opens in a new window") and delivery lines are left out.
 */
export function transcriptText(messages: HTMLElement[], texts: Texts, locale: Locale, now = new Date()): string {
  const format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', {
    dateStyle: 'short',
    timeStyle: 'short',
  });
  const blocks = messages.map((message) => {
    const author = message.querySelector('.msg-author')?.textContent ?? '';
    const datetime = message.querySelector('time')?.getAttribute('datetime');
    const when = datetime ? format.format(new Date(datetime)) : '';
    const body = [...message.children]
      .filter((child) => !child.matches('.msg-meta, .msg-status'))
      .map((child) => plainText(child))
      .join('\n');
    return `[${when}] ${author}:\n${tidy(body)}`;
  });
  return `${texts.transcriptHeading(format.format(now))}\n\n${blocks.join('\n\n')}\n`;
}

/** Offers the text as a file download; a `blob:` link needs no server and works under a strict CSP. */
export function downloadText(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once click() returns; the URL is freed a moment later.
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

function plainText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element) || node.matches('.sr-only, button, [hidden]')) return '';
  const inner = [...node.childNodes].map(plainText).join('');
  const href = node instanceof HTMLAnchorElement ? node.href : undefined;
  const text = href && href !== inner.trim() ? `${inner} (${href})` : inner;
  return BLOCKS.has(node.tagName) ? `\n${text}\n` : text;
}

/** Collapses the blank lines the block structure leaves. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

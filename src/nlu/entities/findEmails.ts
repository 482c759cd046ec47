import type { EntityFinder } from './finderContext.js';

// Deliberately simpler than RFC 5322: what citizens type, with the domain's labels and a top-level domain of letters.
const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;

/** E-mail addresses ("meine Mail: max.mustermann@example.org"); the value has the domain in lower case. */
export const findEmails: EntityFinder = (text) =>
  [...text.matchAll(EMAIL)].flatMap((match) => {
    const [local, domain] = splitAt(match[0]);
    if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return [];
    return [
      {
        type: 'email' as const,
        text: match[0],
        start: match.index,
        end: match.index + match[0].length,
        value: `${local}@${domain.toLowerCase()}`,
      },
    ];
  });

function splitAt(address: string): [string, string] {
  const at = address.lastIndexOf('@');
  return [address.slice(0, at), address.slice(at + 1)];
}

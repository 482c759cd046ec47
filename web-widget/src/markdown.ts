import { append, externalLink, h, safeUrl } from './dom.js';

/**
 * Renders the markdown subset bots use: paragraphs, line breaks, `- ` and `1.` lists, **bold**,
 * _italic_, `code`, [links](https://…) and bare http(s) URLs. Everything else stays literal text,
 * including HTML, and links with other schemes (javascript:, data:, relative) lose their target.
 */
export function renderMarkdown(source: string, newWindowHint: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let index = 0;
  const current = () => lines[index] ?? '';
  while (index < lines.length) {
    const line = current();
    if (line.trim() === '') {
      index++;
      continue;
    }
    const ordered = ORDERED.exec(line);
    if (BULLET.test(line) || ordered) {
      const pattern = ordered ? ORDERED : BULLET;
      const start = ordered ? Number(ordered[1]) : 1;
      const listElement = ordered ? h('ol', { start: start === 1 ? undefined : start }) : h('ul');
      while (index < lines.length && pattern.test(current())) {
        listElement.append(h('li', {}, renderInline(current().replace(pattern, ''), newWindowHint)));
        index++;
      }
      fragment.append(listElement);
      continue;
    }
    const paragraph = h('p');
    let first = true;
    while (index < lines.length && current().trim() !== '' && !startsList(current())) {
      if (!first) paragraph.append(h('br'));
      paragraph.append(renderInline(current(), newWindowHint));
      first = false;
      index++;
    }
    fragment.append(paragraph);
  }
  return fragment;
}

const BULLET = /^\s{0,3}[-*•]\s+/;
const ORDERED = /^\s{0,3}(\d{1,9})[.)]\s+/;

function startsList(line: string): boolean {
  return BULLET.test(line) || ORDERED.test(line);
}

// One alternative per inline construct; the group that matched decides what is rendered.
const INLINE = new RegExp(
  [
    /\*\*(?<bold>\S(?:.*?\S)?)\*\*/u.source,
    /(?<![\p{L}\p{N}_])_(?<italic>\S(?:.*?\S)?)_(?![\p{L}\p{N}_])/u.source,
    /(?<![\p{L}\p{N}*])\*(?<italicStar>[^\s*](?:[^*]*?[^\s*])?)\*(?![\p{L}\p{N}*])/u.source,
    /`(?<code>[^`\n]+)`/.source,
    /\[(?<label>[^\]\n]+)\]\((?<href>[^()\s]+(?:\([^()\s]*\))?[^()\s]*)\)/.source,
    /(?<bare>\bhttps?:\/\/[^\s<>()[\]]*[^\s<>()[\].,;:!?'"])/.source,
  ].join('|'),
  'gu',
);

/** Inline markdown of one line or table cell; `allowLinks` is false inside link labels. */
export function renderInline(source: string, newWindowHint: string, allowLinks = true): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of source.matchAll(INLINE)) {
    const groups = match.groups ?? {};
    const start = match.index ?? 0;
    const linkLike = groups.label !== undefined || groups.bare !== undefined;
    if (linkLike && !allowLinks) continue;
    append(fragment, source.slice(last, start));
    last = start + match[0].length;
    if (groups.bold !== undefined) {
      fragment.append(h('strong', {}, renderInline(groups.bold, newWindowHint, allowLinks)));
    } else if (groups.italic !== undefined || groups.italicStar !== undefined) {
      const inner = groups.italic ?? groups.italicStar ?? '';
      fragment.append(h('em', {}, renderInline(inner, newWindowHint, allowLinks)));
    } else if (groups.code !== undefined) {
      fragment.append(h('code', {}, groups.code));
    } else if (groups.label !== undefined) {
      const url = safeUrl(groups.href);
      const label = renderInline(groups.label, newWindowHint, false);
      fragment.append(url ? externalLink(url, newWindowHint, label) : label);
    } else if (groups.bare !== undefined) {
      const url = safeUrl(groups.bare);
      append(fragment, url ? externalLink(url, newWindowHint, groups.bare) : groups.bare);
    }
  }
  append(fragment, source.slice(last));
  return fragment;
}

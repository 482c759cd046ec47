/**
 * A forgiving HTML parser for imported catalogue texts (HTML5 tokenizer rules, like a browser): elements, attributes
 * and text with character references decoded; script-like elements skipped with their content; nesting capped.
 */
import { decodeEntities } from './htmlEntities.js';

export type HtmlNode = string | HtmlElement;
export interface HtmlElement {
  tag: string;
  attrs: Map<string, string>;
  children: HtmlNode[];
}

const VOID = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));
/** Elements whose content is not HTML (the tokenizer skips to their end tag). */
const RAW = new Set('script style iframe noembed noframes noscript xmp textarea title plaintext'.split(' '));
/** Elements dropped with everything inside. */
export const DROPPED = new Set('head template object svg math select button canvas audio video map'.split(' '));
export const BLOCK = new Set(
  'p div section article header footer main nav aside address blockquote figure figcaption pre hr dl dt dd ul ol li table thead tbody tfoot tr td th caption h1 h2 h3 h4 h5 h6 center form fieldset details summary'.split(
    ' ',
  ),
);
/** An open `<p>` ends where one of these starts. */
const CLOSES_P = new Set([...BLOCK].filter((tag) => !['li', 'dt', 'dd', 'td', 'th', 'tr', 'caption'].includes(tag)));
/** A new element of the key's kind closes an open one of these, up to the boundary tags. */
const IMPLIED_END: Record<string, { closes: string[]; boundary: string[] }> = {
  li: { closes: ['li'], boundary: ['ul', 'ol', 'table'] },
  dt: { closes: ['dt', 'dd'], boundary: ['dl', 'table'] },
  dd: { closes: ['dt', 'dd'], boundary: ['dl', 'table'] },
  tr: { closes: ['tr', 'td', 'th'], boundary: ['table'] },
  td: { closes: ['td', 'th'], boundary: ['tr', 'table'] },
  th: { closes: ['td', 'th'], boundary: ['tr', 'table'] },
};
/** Deeper nesting is flattened, so hostile input cannot exhaust the stack. */
const MAX_DEPTH = 100;

export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: '#root', attrs: new Map(), children: [] };
  const stack = [root];
  const top = () => stack[stack.length - 1] ?? root;
  const popTo = (index: number) => {
    stack.length = Math.max(1, index);
  };
  const lastOpen = (tags: string[], boundary: string[]) => {
    for (let i = stack.length - 1; i > 0; i--) {
      const tag = stack[i]?.tag ?? '';
      if (tags.includes(tag)) return i;
      if (boundary.includes(tag)) return -1;
    }
    return -1;
  };
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const textEnd = lt === -1 ? html.length : lt;
    if (textEnd > i) top().children.push(decodeEntities(html.slice(i, textEnd)));
    if (lt === -1) break;
    const next = html[lt + 1] ?? '';
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
    } else if (next === '!' || next === '?') {
      const end = html.indexOf('>', lt);
      i = end === -1 ? html.length : end + 1;
    } else if (next === '/' && /[a-z]/i.test(html[lt + 2] ?? '')) {
      const end = html.indexOf('>', lt);
      i = end === -1 ? html.length : end + 1;
      const tag = match(TAG_NAME, html, lt + 2).toLowerCase();
      if (tag === 'br') top().children.push({ tag, attrs: new Map(), children: [] });
      const index = lastOpen([tag], []);
      if (index > 0) popTo(index);
    } else if (/[a-z]/i.test(next)) {
      const tag = readTag(html, lt + 1);
      if (!tag) break; // a tag cut off by the end of the input is dropped, as browsers do
      i = tag.end;
      if (RAW.has(tag.name)) {
        const close = new RegExp(`</${tag.name}[\\s/>]`, 'gi');
        close.lastIndex = i;
        const end = close.exec(html) ? html.indexOf('>', close.lastIndex - 1) : -1;
        i = end === -1 ? html.length : end + 1;
        continue;
      }
      const implied = IMPLIED_END[tag.name];
      const open = implied ? lastOpen(implied.closes, implied.boundary) : -1;
      if (open > 0) popTo(open);
      if (CLOSES_P.has(tag.name) && top().tag === 'p') stack.pop();
      const element: HtmlElement = { tag: tag.name, attrs: tag.attrs, children: [] };
      if (stack.length > MAX_DEPTH) continue;
      top().children.push(element);
      if (!VOID.has(tag.name) && !tag.selfClosing) stack.push(element);
    } else {
      top().children.push('<');
      i = lt + 1;
    }
  }
  return root;
}

const TAG_NAME = /[a-z][^\s/>]*/iy;
const ATTRIBUTE_NAME = /[^\s/>][^\s/>=]*/y;
const UNQUOTED_VALUE = /[^\s>]*/y;

/** Reads a start tag's name and attributes (HTML5 rules, forgiving like a browser); undefined when cut off. */
function readTag(html: string, start: number) {
  const name = match(TAG_NAME, html, start);
  const attrs = new Map<string, string>();
  let j = start + name.length;
  while (j < html.length) {
    while (/[\s/]/.test(html[j] ?? '')) j++;
    if (j >= html.length) return undefined;
    if (html[j] === '>') {
      return { name: name.toLowerCase(), attrs, selfClosing: html[j - 1] === '/', end: j + 1 };
    }
    const attrName = match(ATTRIBUTE_NAME, html, j);
    j += attrName.length;
    while (/\s/.test(html[j] ?? '')) j++;
    let value = '';
    if (html[j] === '=') {
      j++;
      while (/\s/.test(html[j] ?? '')) j++;
      const quote = html[j];
      if (quote === '"' || quote === "'") {
        const end = html.indexOf(quote, j + 1);
        if (end === -1) return undefined;
        value = html.slice(j + 1, end);
        j = end + 1;
      } else {
        value = match(UNQUOTED_VALUE, html, j);
        j += value.length;
      }
    }
    const key = attrName.toLowerCase();
    if (!attrs.has(key)) attrs.set(key, decodeEntities(value));
  }
  return undefined;
}

function match(sticky: RegExp, text: string, at: number): string {
  sticky.lastIndex = at;
  return sticky.exec(text)?.[0] ?? '';
}

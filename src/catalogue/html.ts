/**
 * Turns the HTML of imported catalogues (DLDB descriptions, fees) into safe markdown: paragraphs, bold, italics,
 * lists, links to http(s)/mailto/tel only. Every other tag is dropped; script-like elements with their content.
 * Line breaks (`<br>`, table rows) become single newlines: the bot's channels render markdown chat-style, where a
 * newline is a line break. Text is escaped so that it cannot form links, images or HTML.
 */
export function htmlToMarkdown(html: string): string {
  return render(parseHtml(html), true);
}

/** The same conversion without markdown: no marks, no escaping, links keep their text only. */
export function htmlToText(html: string): string {
  return render(parseHtml(html), false);
}

type HtmlNode = string | HtmlElement;
interface HtmlElement {
  tag: string;
  attrs: Map<string, string>;
  children: HtmlNode[];
}

const VOID = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));
/** Elements whose content is not HTML (the tokenizer skips to their end tag). */
const RAW = new Set('script style iframe noembed noframes noscript xmp textarea title plaintext'.split(' '));
/** Elements dropped with everything inside. */
const DROPPED = new Set('head template object svg math select button canvas audio video map'.split(' '));
const BLOCK = new Set(
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

function parseHtml(html: string): HtmlElement {
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

interface Context {
  markdown: boolean;
  bold: boolean;
  italic: boolean;
  link: boolean;
}

function render(root: HtmlElement, markdown: boolean): string {
  return blocks(root.children, { markdown, bold: false, italic: false, link: false })
    .join('\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Renders nodes as a list of blocks (paragraphs, lists, tables), each possibly spanning several lines. */
function blocks(nodes: HtmlNode[], ctx: Context): string[] {
  const out: string[] = [];
  let inline = '';
  const flush = () => {
    const paragraph = tidyLines(inline, ctx.markdown);
    if (paragraph) out.push(paragraph);
    inline = '';
  };
  const walk = (children: HtmlNode[]) => {
    for (const node of children) {
      if (typeof node !== 'string' && BLOCK.has(node.tag)) {
        flush();
        out.push(...blockElement(node, ctx));
      } else if (typeof node !== 'string' && containsBlock(node)) {
        walk(node.children); // an inline element around blocks only loses its formatting
      } else {
        inline += inlineContent([node], ctx);
      }
    }
  };
  walk(nodes);
  flush();
  return out;
}

/** Renders content without block elements: text, line breaks, bold, italics, links. Not trimmed. */
function inlineContent(nodes: HtmlNode[], ctx: Context): string {
  let out = '';
  for (const node of nodes) {
    if (typeof node === 'string') {
      const text = node.replace(/\s+/g, ' ').replace(INVISIBLE, '');
      out += ctx.markdown ? escapeMarkdown(text) : text;
    } else if (!DROPPED.has(node.tag) && node.tag !== 'img') {
      out += inlineElement(node, ctx) ?? inlineContent(node.children, ctx);
    }
  }
  return out;
}

function blockElement(element: HtmlElement, ctx: Context): string[] {
  const { tag } = element;
  if (DROPPED.has(tag) || tag === 'hr') return [];
  if (tag === 'ul' || tag === 'ol') return list(element, ctx);
  if (tag === 'table' || tag === 'thead' || tag === 'tbody' || tag === 'tfoot') {
    const rows = element.children.flatMap((child) => (typeof child === 'string' ? [] : blockElement(child, ctx)));
    return rows.length ? [rows.join('\n')] : [];
  }
  if (tag === 'tr') {
    const cells = element.children.map((cell) => (typeof cell === 'string' ? '' : oneLine(blocks([cell], ctx))));
    const row = cells.filter((cell) => cell !== '').join(' | ');
    return row ? [row] : [];
  }
  if (/^h[1-6]$/.test(tag)) {
    const text = oneLine(blocks(element.children, { ...ctx, bold: true }));
    return text ? [ctx.markdown && !ctx.bold ? `**${text}**` : text] : [];
  }
  return blocks(element.children, ctx);
}

/** A list becomes marker lines; nested lists are indented under their item. */
function list(element: HtmlElement, ctx: Context): string[] {
  const items: string[][] = [];
  for (const child of element.children) {
    if (typeof child !== 'string' && (child.tag === 'ul' || child.tag === 'ol') && items.length > 0) {
      items[items.length - 1]?.push(...list(child, ctx)); // sloppy HTML nests lists beside the items
    } else if (typeof child !== 'string' && child.tag === 'li') {
      items.push(blocks(child.children, ctx));
    } else {
      items.push(blocks([child], ctx));
    }
  }
  let number = Number.parseInt(element.attrs.get('start') ?? '1', 10) || 1;
  const lines = items
    .map((item) => item.join('\n'))
    .filter((item) => item !== '')
    .map((item) => {
      const marker = element.tag === 'ol' ? `${number++}. ` : '- ';
      return marker + item.replace(/\n(?!\n)/g, `\n${' '.repeat(marker.length)}`);
    });
  return lines.length ? [lines.join('\n')] : [];
}

/** Bold, italics, links and line breaks; undefined for elements that only pass their content through. */
function inlineElement(element: HtmlElement, ctx: Context): string | undefined {
  const { tag } = element;
  if (tag === 'br') return '\n';
  if (!ctx.markdown) return undefined;
  if ((tag === 'strong' || tag === 'b') && !ctx.bold) {
    return wrap('**', inlineContent(element.children, { ...ctx, bold: true }));
  }
  if ((tag === 'em' || tag === 'i') && !ctx.italic) {
    return wrap('_', inlineContent(element.children, { ...ctx, italic: true }));
  }
  if (tag !== 'a' || ctx.link) return undefined;
  const url = safeUrl(element.attrs.get('href') ?? '');
  if (!url) return undefined;
  const text = inlineContent(element.children, { ...ctx, link: true })
    .replace(/\s+/g, ' ')
    .trim();
  return text ? `[${text}](${url})` : '';
}

function oneLine(parts: string[]): string {
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function wrap(mark: string, text: string): string {
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? [];
  return core ? `${lead}${mark}${core}${mark}${trail}` : text;
}

function containsBlock(element: HtmlElement): boolean {
  return element.children.some((child) => typeof child !== 'string' && (BLOCK.has(child.tag) || containsBlock(child)));
}

/** http(s), mailto and tel URLs, percent-encoded where markdown would end the link; undefined for anything else. */
function safeUrl(href: string): string | undefined {
  // Browsers ignore tabs and newlines inside URLs ("java\tscript:"), so the scheme check must as well.
  const url = href.replace(INVISIBLE, '').trim();
  if (!/^(https?|mailto|tel):/i.test(url)) return undefined;
  let normalized = url;
  if (/^https?:/i.test(url)) {
    try {
      normalized = new URL(url).href; // not URL.canParse: it misjudges non-ASCII URLs on Node 20 once optimised
    } catch {
      return undefined;
    }
  }
  return normalized.replace(/[\s()<>\\]/g, (char) =>
    char === '(' ? '%28' : char === ')' ? '%29' : encodeURIComponent(char),
  );
}

/** Control and invisible format characters: zero-width spaces, soft hyphens, byte order marks, bidi overrides. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

/** Collapses whitespace inside lines, drops empty lines at the ends and runs of them inside. */
function tidyLines(text: string, markdown: boolean): string {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').replace(INVISIBLE, '').trim())
    .map((line) => (markdown ? line.replace(/^(#{1,6})(?= |$)/, '\\$1') : line));
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Backslash-escapes what could form links, HTML, code or emphasis. A single `*` or `_` between letters stays as it is
 * (gender star "Bürger*innen", file_names): it cannot start emphasis in the widget, and escaping it everywhere would
 * litter the text.
 */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`[\]<>]|&(?=#?[a-z0-9]+;)|[*_]+/gi, (match, offset: number) => {
    const between = /[\p{L}\p{N}]/u.test(text[offset - 1] ?? '') && /[\p{L}\p{N}]/u.test(text[offset + 1] ?? '');
    return (match === '*' || match === '_') && between ? match : match.replace(/./g, '\\$&');
  });
}

const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const OTHER_ENTITIES =
  'quot 34 amp 38 apos 39 lt 60 gt 62 OElig 338 oelig 339 Scaron 352 scaron 353 Yuml 376 fnof 402 circ 710 tilde 732 ensp 8194 emsp 8195 thinsp 8201 zwnj 8204 zwj 8205 lrm 8206 rlm 8207 ndash 8211 mdash 8212 lsquo 8216 rsquo 8217 sbquo 8218 ldquo 8220 rdquo 8221 bdquo 8222 dagger 8224 Dagger 8225 bull 8226 hellip 8230 permil 8240 prime 8242 Prime 8243 lsaquo 8249 rsaquo 8250 euro 8364 trade 8482 larr 8592 uarr 8593 rarr 8594 darr 8595 harr 8596 rArr 8658 minus 8722 infin 8734 asymp 8776 ne 8800 le 8804 ge 8805 check 10003';
const NAMED = new Map<string, number>([
  ...LATIN1.split(' ').map((name, index): [string, number] => [name, 160 + index]),
  ...[...OTHER_ENTITIES.matchAll(/(\w+) (\d+)/g)].map((m): [string, number] => [m[1] ?? '', Number(m[2])]),
]);
/** Numeric references 128–159 mean Windows-1252 characters (HTML5 rule), e.g. &#150; is an en dash. */
const CP1252 = [
  8364, 129, 8218, 402, 8222, 8230, 8224, 8225, 710, 8240, 352, 8249, 338, 141, 381, 143, 144, 8216, 8217, 8220, 8221,
  8226, 8211, 8212, 732, 8482, 353, 8250, 339, 157, 382, 376,
];

/** Decodes named (common HTML ones; unknown names stay as written) and numeric character references. */
function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z][a-z0-9]{1,31}));/gi, (match, dec, hex, name) => {
    if (name) {
      const code = NAMED.get(name);
      return code === undefined ? match : String.fromCodePoint(code);
    }
    let code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
    if (code >= 128 && code <= 159) code = CP1252[code - 128] ?? code;
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}

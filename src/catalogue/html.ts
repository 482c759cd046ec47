import { BLOCK, DROPPED, type HtmlElement, type HtmlNode, parseHtml } from './parseHtml.js';

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

/**
 * Tiny DOM builder. Message content only ever reaches the page as text nodes or as attribute values
 * that were checked first (see `safeUrl`), never through innerHTML.
 */
export type Child = Node | string | null | undefined | false;
export type Attributes = Record<string, string | number | boolean | undefined>;

/** Creates an element; `true` attributes are set empty, `false`/`undefined` ones are left out. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

/** Appends children, turning strings into text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Text for screen readers only (e.g. who wrote a message, that a link opens a new window). */
export function srOnly(content: string): HTMLSpanElement {
  return h('span', { class: 'sr-only' }, content);
}

export const LINK_SCHEMES = ['http:', 'https:', 'mailto:', 'tel:'] as const;

/** The normalised URL when it is absolute and uses one of the schemes, otherwise undefined. */
export function safeUrl(raw: unknown, schemes: readonly string[] = LINK_SCHEMES): URL | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const url = new URL(raw.trim());
    return schemes.includes(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A link to a checked URL. Web links open in a new window (announced to screen readers) without
 * handing the portal's window or address to the target; mailto/tel links open the handler in place.
 */
export function externalLink(url: URL, newWindowHint: string, ...children: Child[]): HTMLAnchorElement {
  const web = url.protocol === 'http:' || url.protocol === 'https:';
  const link = h('a', { href: url.href, rel: 'noopener noreferrer', target: web ? '_blank' : undefined }, ...children);
  if (web) append(link, srOnly(` ${newWindowHint}`));
  return link;
}

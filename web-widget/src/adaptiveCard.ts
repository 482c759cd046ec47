import { actionButton, type RenderContext } from './cardActions.js';
import { append, externalLink, h, safeUrl } from './dom.js';
import { renderInline, renderMarkdown } from './markdown.js';
import { isRecord, list, oneOf, text } from './values.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

type Element = Record<string, unknown>;

/**
 * Renders the Adaptive Card subset GovBot's dialogs use: TextBlock, RichTextBlock, FactSet, Container,
 * ColumnSet/Column, Image (https only), ActionSet, Action.OpenUrl and Action.Submit. Unknown elements
 * use their `fallback` element or are dropped; Action.ShowCard and inputs are not supported yet.
 */
export function renderAdaptiveCard(content: unknown, context: RenderContext): HTMLElement | undefined {
  if (!isRecord(content)) return undefined;
  const card = h('div', { class: 'ac' });
  card.append(renderItems(content.body, context));
  const actions = renderActions(content.actions, context);
  if (actions) card.append(actions);
  if (!card.hasChildNodes()) {
    const fallback = text(content.fallbackText);
    if (!fallback) return undefined;
    card.append(renderMarkdown(fallback, context.newWindowHint));
  }
  return card;
}

function renderItems(items: unknown, context: RenderContext): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const item of list(items)) {
    const rendered = renderElement(item, context);
    if (!rendered || !isRecord(item)) continue;
    if (item.separator === true) rendered.classList.add('ac-separator');
    const spacing = oneOf(item.spacing, SPACINGS);
    if (spacing) rendered.classList.add(`ac-spacing-${spacing.toLowerCase()}`);
    fragment.append(rendered);
  }
  return fragment;
}

const SPACINGS = ['none', 'small', 'medium', 'large', 'extraLarge'] as const;
const SIZES = ['small', 'medium', 'large', 'extraLarge'] as const;
const COLORS = ['accent', 'good', 'warning', 'attention'] as const;
const ALIGNMENTS = ['center', 'right'] as const;
const CONTAINER_STYLES = ['emphasis', 'accent', 'good', 'warning', 'attention'] as const;

function renderElement(element: unknown, context: RenderContext): HTMLElement | undefined {
  if (!isRecord(element) || element.isVisible === false) return undefined;
  switch (element.type) {
    case 'TextBlock':
      return textBlock(element, context);
    case 'RichTextBlock':
      return richTextBlock(element);
    case 'FactSet':
      return factSet(element, context);
    case 'Container':
      return container(element, context);
    case 'ColumnSet':
      return columnSet(element, context);
    case 'Image':
      return image(element);
    case 'ActionSet':
      return renderActions(element.actions, context);
    default:
      return isRecord(element.fallback) ? renderElement(element.fallback, context) : undefined;
  }
}

function textBlock(element: Element, context: RenderContext): HTMLElement | undefined {
  const source = text(element.text);
  if (!source) return undefined;
  const heading = element.style === 'heading';
  const block = h('div', {
    class: 'ac-text',
    role: heading ? 'heading' : undefined,
    'aria-level': heading ? 3 : undefined,
  });
  block.append(renderMarkdown(source, context.newWindowHint));
  styleText(block, element);
  if (element.wrap !== true) block.classList.add('ac-nowrap');
  return block;
}

function styleText(target: HTMLElement, element: Element): void {
  const size = oneOf(element.size, SIZES);
  if (size) target.classList.add(`ac-size-${size.toLowerCase()}`);
  const weight = oneOf(element.weight, ['bolder', 'lighter'] as const);
  if (weight) target.classList.add(`ac-weight-${weight}`);
  const color = oneOf(element.color, COLORS);
  if (color) target.classList.add(`ac-color-${color}`);
  if (element.isSubtle === true) target.classList.add('ac-subtle');
  const align = oneOf(element.horizontalAlignment, ALIGNMENTS);
  if (align) target.classList.add(`ac-align-${align}`);
}

function richTextBlock(element: Element): HTMLElement | undefined {
  const paragraph = h('p', { class: 'ac-text ac-rich' });
  for (const inline of list(element.inlines)) {
    if (typeof inline === 'string') {
      append(paragraph, inline);
      continue;
    }
    if (!isRecord(inline) || inline.type !== 'TextRun') continue;
    const runText = text(inline.text);
    if (!runText) continue;
    let node: HTMLElement = h('span', {}, runText);
    if (inline.italic === true) node = h('em', {}, node);
    if (inline.strikethrough === true) node = h('s', {}, node);
    if (inline.underline === true) node = h('u', {}, node);
    if (inline.highlight === true) node = h('mark', {}, node);
    if (inline.weight === 'bolder') node = h('strong', {}, node);
    styleText(node, { ...inline, weight: undefined, horizontalAlignment: undefined });
    paragraph.append(node);
  }
  styleText(paragraph, { horizontalAlignment: element.horizontalAlignment });
  return paragraph.hasChildNodes() ? paragraph : undefined;
}

function factSet(element: Element, context: RenderContext): HTMLElement | undefined {
  const facts = h('dl', { class: 'ac-facts' });
  for (const fact of list(element.facts)) {
    if (!isRecord(fact)) continue;
    const title = text(fact.title) ?? '';
    const value = text(fact.value) ?? '';
    if (!title && !value) continue;
    facts.append(
      h(
        'div',
        { class: 'ac-fact' },
        h('dt', {}, renderInline(title, context.newWindowHint)),
        h('dd', {}, renderInline(value, context.newWindowHint)),
      ),
    );
  }
  return facts.hasChildNodes() ? facts : undefined;
}

function container(element: Element, context: RenderContext): HTMLElement | undefined {
  const box = h('div', { class: 'ac-container' });
  const style = oneOf(element.style, CONTAINER_STYLES);
  if (style) box.classList.add(`ac-style-${style}`);
  box.append(renderItems(element.items, context));
  return box.hasChildNodes() ? box : undefined;
}

function columnSet(element: Element, context: RenderContext): HTMLElement | undefined {
  const row = h('div', { class: 'ac-columns' });
  for (const column of list(element.columns)) {
    if (!isRecord(column) || column.isVisible === false) continue;
    const cell = h('div', { class: 'ac-column' });
    cell.append(renderItems(column.items, context));
    const width = column.width;
    // Widths go through the CSSOM (allowed under a strict CSP), never through a style attribute.
    if (width === 'auto') cell.classList.add('ac-column-auto');
    else if (typeof width === 'number' && width > 0) cell.style.flexGrow = String(width);
    else if (typeof width === 'string' && /^\d{1,4}px$/.test(width)) cell.style.flex = `0 0 ${width}`;
    row.append(cell);
  }
  return row.hasChildNodes() ? row : undefined;
}

function image(element: Element): HTMLElement | undefined {
  const url = safeUrl(element.url, ['https:']);
  if (!url) return undefined;
  const size = oneOf(element.size, ['small', 'medium', 'large'] as const) ?? 'auto';
  const img = h('img', {
    src: url.href,
    alt: text(element.altText) ?? '',
    class: `ac-image ac-image-${size}`,
    loading: 'lazy',
    decoding: 'async',
    referrerpolicy: 'no-referrer',
  });
  if (element.style === 'person') img.classList.add('ac-image-person');
  return img;
}

function renderActions(actions: unknown, context: RenderContext): HTMLElement | undefined {
  const bar = h('div', { class: 'ac-actions' });
  for (const action of list(actions)) {
    if (!isRecord(action)) continue;
    const title = text(action.title);
    if (!title) continue;
    if (action.type === 'Action.OpenUrl') {
      const url = safeUrl(action.url);
      if (url) bar.append(Object.assign(externalLink(url, context.newWindowHint, title), { className: 'ac-action' }));
    } else if (action.type === 'Action.Submit') {
      const data = action.data;
      bar.append(actionButton(title, 'ac-action', () => context.submit({ text: title, value: data, display: title })));
    }
  }
  return bar.hasChildNodes() ? bar : undefined;
}

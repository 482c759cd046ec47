import { ADAPTIVE_CARD, renderAdaptiveCard } from './adaptiveCard.js';
import { type RenderContext, renderCardAction } from './cardActions.js';
import { externalLink, h, safeUrl } from './dom.js';
import { renderMarkdown } from './markdown.js';
import { isRecord, list, text } from './values.js';

export const HERO_CARD = 'application/vnd.microsoft.card.hero';

/**
 * Renders one Bot Framework attachment: Adaptive Cards, hero cards, https images and, for anything
 * else with a safe `contentUrl`, a link to it. Returns undefined when nothing usable is in it.
 */
export function renderAttachment(attachment: unknown, context: RenderContext): HTMLElement | undefined {
  if (!isRecord(attachment)) return undefined;
  const contentType = text(attachment.contentType) ?? '';
  if (contentType === ADAPTIVE_CARD) return renderAdaptiveCard(attachment.content, context);
  if (contentType === HERO_CARD) return renderHeroCard(attachment.content, context);
  const url = safeUrl(attachment.contentUrl, ['https:']);
  if (!url) return undefined;
  const name = text(attachment.name);
  if (contentType.startsWith('image/')) {
    return h('img', {
      class: 'ac-image',
      src: url.href,
      alt: name ?? '',
      loading: 'lazy',
      referrerpolicy: 'no-referrer',
    });
  }
  return h('p', {}, externalLink(url, context.newWindowHint, name ?? url.href));
}

/** Hero card: image, title, subtitle, text and buttons. */
export function renderHeroCard(content: unknown, context: RenderContext): HTMLElement | undefined {
  if (!isRecord(content)) return undefined;
  const card = h('div', { class: 'ac hero' });
  const firstImage = list(content.images).find(isRecord);
  const imageUrl = firstImage && safeUrl(firstImage.url, ['https:']);
  if (firstImage && imageUrl) {
    card.append(
      h('img', {
        class: 'ac-image hero-image',
        src: imageUrl.href,
        alt: text(firstImage.alt) ?? '',
        loading: 'lazy',
        referrerpolicy: 'no-referrer',
      }),
    );
  }
  const title = text(content.title);
  if (title) card.append(h('p', { class: 'hero-title' }, title));
  const subtitle = text(content.subtitle);
  if (subtitle) card.append(h('p', { class: 'hero-subtitle ac-subtle' }, subtitle));
  const body = text(content.text);
  if (body) card.append(h('div', { class: 'ac-text' }, renderMarkdown(body, context.newWindowHint)));
  const buttons = h('div', { class: 'ac-actions' });
  for (const button of list(content.buttons)) {
    const rendered = renderCardAction(button, context, 'ac-action');
    if (rendered) buttons.append(rendered);
  }
  if (buttons.hasChildNodes()) card.append(buttons);
  return card.hasChildNodes() ? card : undefined;
}

import { ChatView } from './ChatView.js';
import cardsCss from './cards.css';
import { openConnection } from './connection.js';
import { type Conversation, startConversation } from './conversation.js';
import { resolveLocale, textsFor } from './i18n.js';
import css from './widget.css';

export const TAG_NAME = 'govbot-chat';

/**
 * `<govbot-chat>`: GovBot's chat widget in a Shadow DOM, connected to the page's own origin.
 * Attributes: `data-locale` (`de` | `en`; default: the page's `lang`).
 * Sizing is up to the page: the element fills the height it is given.
 */
export class GovBotChat extends HTMLElement {
  private conversation: Conversation | undefined;

  connectedCallback(): void {
    if (this.conversation) return;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const locale = resolveLocale(this);
    const texts = textsFor(locale);
    const view = new ChatView(texts, locale, {
      send: (text) => this.conversation?.send(text),
      sendFile: (file) => this.conversation?.sendFile(file),
      reconnect: () => this.conversation?.reconnect(),
      talkToPerson: () => this.conversation?.talkToPerson(),
      cancelHandover: () => this.conversation?.cancelHandover(),
      typing: () => this.conversation?.typing(),
    });
    root.replaceChildren(view.element);
    adoptStyles(root);
    this.conversation = startConversation({
      view,
      texts,
      locale,
      connect: (listener) => openConnection({ locale, listener }),
    });
  }

  disconnectedCallback(): void {
    this.conversation?.stop();
    this.conversation = undefined;
  }
}

let sheet: CSSStyleSheet | undefined;

// Constructed style sheets are not subject to the page's style-src, so the widget works under
// `default-src 'self'`; old browsers without them get a <style> element.
function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css + cardsCss);
    }
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = css + cardsCss;
  root.prepend(style);
}

/** Puts a widget into `<div id="govbot">` when the page has that placeholder instead of the element. */
function mountIntoPlaceholder(): void {
  const placeholder = document.getElementById('govbot');
  if (!placeholder || placeholder.querySelector(TAG_NAME)) return;
  const chat = document.createElement(TAG_NAME);
  const locale = placeholder.getAttribute('data-locale');
  if (locale) chat.setAttribute('data-locale', locale);
  placeholder.append(chat);
}

if (!customElements.get(TAG_NAME)) customElements.define(TAG_NAME, GovBotChat);
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountIntoPlaceholder);
else mountIntoPlaceholder();

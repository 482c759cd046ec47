import {
  readBranding,
  readChosenLocale,
  readOpen,
  storageScope,
  writeBranding,
  writeChosenLocale,
  writeOpen,
} from './browserStorage.js';
import { ChatView } from './ChatView.js';
import cardsCss from './cards.css';
import { openConnection } from './connection.js';
import { type Conversation, startConversation } from './conversation.js';
import { h } from './dom.js';
import { readSettings, SCRIPT, type WidgetSettings } from './embedSettings.js';
import { otherLocale, resolveLocale, type Texts, textsFor } from './i18n.js';
import { chatIcon } from './icons.js';
import { type Branding, tenantBranding, withBranding } from './tenantBranding.js';
import { downloadText, transcriptText } from './transcript.js';
import { trapFocus } from './trapFocus.js';
import css from './widget.css';

export const TAG_NAME = 'govbot-chat';

/** Full screen below these sizes (phones, and desktops at 200 % zoom or more); must match widget.css. */
const FULL_SCREEN = '(max-width: 599px), (max-height: 499px)';

/**
 * `<govbot-chat>`: GovBot's chat widget in a Shadow DOM.
 * - Inline (the element, or `<div id="govbot">`, is on the page): the chat fills the space the page gives it.
 * - Launcher (`data-mode="launcher"`, what the one-tag embed creates): a button in a corner of the page opens the chat
 *   as a panel, full screen on phones.
 * Settings come from the element's data attributes, else from the `<script>` tag that loaded the widget
 * (see docs/widget.md). Title, logo and colour the tag does not set are the tenant's: its branding comes with every
 * session and is kept for the next page view, so that the launcher wears it before the chat ever connects there.
 */
export class GovBotChat extends HTMLElement {
  private conversation: Conversation | undefined;
  private view: ChatView | undefined;
  /** The tag's own settings. */
  private settings: WidgetSettings | undefined;
  /** The tenant's branding, as the last session brought it. */
  private branding: Branding = {};
  /** Where this widget's conversation is kept in the browser (`storageScope`). */
  private scope = '';
  /** Whether the colour custom properties on the element are the widget's. */
  private themed = false;
  private container: HTMLElement | ShadowRoot | undefined;
  private launcher: HTMLButtonElement | undefined;
  private panel: HTMLElement | undefined;

  connectedCallback(): void {
    if (this.container) return;
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    adoptStyles(root);
    this.settings = readSettings(this);
    this.scope = storageScope(this.settings.serverUrl, this.settings.tenant);
    this.branding = tenantBranding(readBranding(this.scope));
    this.applyTheme(withBranding(this.settings, this.branding));
    if (this.settings.mode === 'inline') {
      this.container = root;
      this.mount();
      return;
    }
    this.setAttribute('data-position', this.settings.position);
    // A landmark of its own beside the page's, so that screen-reader users find the chat from the landmark list.
    this.setAttribute('role', 'complementary');
    this.buildLauncher(root);
    // A reload keeps the chat open, without taking the focus from the page.
    if (readOpen(this.scope)) this.open(false);
  }

  disconnectedCallback(): void {
    this.conversation?.stop();
    this.conversation = undefined;
    this.view = undefined;
    this.container = undefined;
  }

  /** Builds the chat (view and conversation) for the current language; an earlier one is replaced. */
  private mount(): void {
    const { settings, container, scope } = this;
    if (!settings || !container) return;
    this.conversation?.stop();
    const locale = resolveLocale(this, readChosenLocale());
    const texts = textsFor(locale);
    const view = new ChatView(
      texts,
      locale,
      {
        send: (text) => this.conversation?.send(text),
        sendFile: (file) => this.conversation?.sendFile(file),
        reconnect: () => this.conversation?.reconnect(),
        talkToPerson: () => this.conversation?.talkToPerson(),
        cancelHandover: () => this.conversation?.cancelHandover(),
        typing: () => this.conversation?.typing(),
        switchLanguage: () => {
          writeChosenLocale(otherLocale(locale));
          this.mount();
          this.view?.focusOptions();
        },
        download: () => {
          const day = new Date().toISOString().slice(0, 10);
          const name = `${locale === 'en' ? 'govbot-transcript' : 'govbot-verlauf'}-${day}.txt`;
          downloadText(name, transcriptText(view.messages(), texts, locale));
        },
        erase: async () => {
          const erased = (await this.conversation?.erase()) ?? false;
          if (erased) this.view?.focusInput();
          return erased;
        },
        close: this.panel ? () => this.close() : undefined,
      },
      withBranding(settings, this.branding),
    );
    container.replaceChildren(view.element);
    this.view = view;
    this.updateLauncher(texts);
    this.conversation = startConversation({
      view,
      texts,
      locale,
      scope,
      connect: (listener) =>
        openConnection({
          serverUrl: settings.serverUrl,
          tenant: settings.tenant,
          scope,
          locale,
          listener: {
            ...listener,
            session: (info) => {
              // A server from before tenants sends none: no branding then.
              this.brandFor(info.tenant?.branding);
              listener.session(info);
            },
          },
        }),
      // Deleted here or in another tab: a new, empty conversation.
      onErased: () => this.mount(),
    });
  }

  private buildLauncher(root: ShadowRoot): void {
    this.launcher = h('button', {
      type: 'button',
      class: 'launcher',
      'aria-controls': 'govbot-panel',
      'aria-expanded': 'false',
      'data-testid': 'govbot-launcher',
    });
    this.launcher.addEventListener('click', () => this.open(true));
    this.panel = h('div', {
      id: 'govbot-panel',
      class: 'panel',
      role: 'dialog',
      'aria-labelledby': 'govbot-title',
      hidden: true,
      'data-testid': 'govbot-panel',
    });
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.close();
      } else if (this.panel && this.panel.getAttribute('aria-modal') === 'true') {
        trapFocus(this.panel, event);
      }
    });
    this.container = this.panel;
    root.replaceChildren(this.launcher, this.panel);
    this.updateLauncher(textsFor(resolveLocale(this, readChosenLocale())));
  }

  private open(focus: boolean): void {
    const { panel, launcher } = this;
    if (!panel || !launcher) return;
    // Full screen covers the page: it behaves as a modal dialog there, and as a panel beside the page elsewhere.
    if (matchMedia(FULL_SCREEN).matches) panel.setAttribute('aria-modal', 'true');
    else panel.removeAttribute('aria-modal');
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
    writeOpen(this.scope, true);
    // The connection is opened the first time the citizen opens the chat, not on every page view.
    if (!this.conversation) this.mount();
    if (focus) this.view?.focusInput();
  }

  private close(): void {
    const { panel, launcher } = this;
    if (!panel || !launcher) return;
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    writeOpen(this.scope, false);
    launcher.focus();
  }

  private updateLauncher(texts: Texts): void {
    if (!this.launcher) return;
    this.launcher.replaceChildren(chatIcon(), h('span', {}, texts.openChat));
    this.setAttribute('aria-label', this.settings?.title || this.branding.title || texts.title);
  }

  /** The tenant's branding of a new session: shown where the tag sets nothing, and kept for the next page view. */
  private brandFor(raw: unknown): void {
    const { settings, view } = this;
    if (!settings) return;
    writeBranding(this.scope, raw ?? {});
    this.branding = tenantBranding(raw);
    const branded = withBranding(settings, this.branding);
    this.applyTheme(branded);
    view?.setBrand(branded);
    this.updateLauncher(textsFor(resolveLocale(this, readChosenLocale())));
  }

  /** The city's colour: the accent, with black or white text on it, whichever contrasts more (WCAG AA). */
  private applyTheme({ color }: WidgetSettings): void {
    // A tenant's colour may go again (changed on the server): the stylesheet's defaults then apply. Only what the
    // widget set is taken away; the page's own inline values stay.
    if (this.themed) {
      for (const property of ['--govbot-accent', '--govbot-on-accent', '--govbot-link', '--govbot-focus']) {
        this.style.removeProperty(property);
      }
    }
    this.themed = color !== undefined;
    if (!color) return;
    this.style.setProperty('--govbot-accent', color.hex);
    this.style.setProperty('--govbot-on-accent', color.onColor);
    // As text and focus ring on white, only where it is readable.
    if (color.readableOnWhite) {
      this.style.setProperty('--govbot-link', color.hex);
      this.style.setProperty('--govbot-focus', color.hex);
    }
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

/**
 * Puts the widget on the page: into `<div id="govbot">` when the page has that placeholder; when the page has neither
 * the placeholder nor the element, as a launcher (the one-tag embed).
 */
function mount(): void {
  const placeholder = document.getElementById('govbot');
  if (placeholder) {
    if (placeholder.querySelector(TAG_NAME)) return;
    const chat = document.createElement(TAG_NAME);
    const locale = placeholder.getAttribute('data-locale');
    if (locale) chat.setAttribute('data-locale', locale);
    placeholder.append(chat);
    return;
  }
  if (document.querySelector(TAG_NAME) || !SCRIPT) return;
  const chat = document.createElement(TAG_NAME);
  chat.setAttribute('data-mode', 'launcher');
  document.body.append(chat);
}

if (!customElements.get(TAG_NAME)) customElements.define(TAG_NAME, GovBotChat);
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();

import { actionButton } from './cardActions.js';
import { append, h } from './dom.js';
import { FilePicker, type FileRequest, type PickedFile } from './filePicker.js';
import { HandoverStatus } from './HandoverStatus.js';
import { type HandoverState, isHandoverActive } from './handoverState.js';
import { type Locale, otherLocale, type Texts } from './i18n.js';

const TYPING_TIMEOUT_MS = 8_000;
const MAX_INPUT_HEIGHT_PX = 160;

/** What the view asks of the conversation when the citizen acts. */
export interface ViewHandlers {
  send(text: string): void;
  sendFile(file: PickedFile): void;
  reconnect(): void;
  /** Asks for a person of the service centre. */
  talkToPerson(): void;
  /** Stops waiting for a person. */
  cancelHandover(): void;
  /** The citizen is typing (called on every input; throttling is up to the handler). */
  typing(): void;
  /** Switches the interface to the other language. */
  switchLanguage(): void;
  download(): void;
  /** Deletes the conversation on the server; false when that failed. */
  erase(): Promise<boolean>;
  /** Closes the panel of an embedded widget; without it there is no close button. */
  close?(): void;
}

/** What the city chose in the embedding tag, or its tenant on the server. */
export interface ViewSettings {
  title?: string;
  logoUrl?: URL;
}

/**
 * The widget's DOM: title with the "talk to a person" action, handover status line, reconnect banner, message log
 * (role="log"), typing indicator and composer.
 * It knows nothing about the protocol; the conversation feeds it rendered messages.
 */
export class ChatView {
  readonly element: HTMLElement;
  private readonly log: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly typing: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly files: FilePicker;
  private readonly talk: HTMLButtonElement;
  private readonly handover: HandoverStatus;
  private readonly options: ChatOptions;
  private readonly brand: HTMLElement;
  private suggestions: HTMLElement | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the citizen is reading the end of the log; new content then stays in view. */
  private followEnd = true;
  private readonly resizes = new ResizeObserver(() => {
    if (this.followEnd) this.scrollToEnd();
  });

  constructor(
    private readonly texts: Texts,
    locale: Locale,
    private readonly handlers: ViewHandlers,
    settings: ViewSettings = {},
  ) {
    this.log = h('div', {
      class: 'log',
      role: 'log',
      'aria-live': 'polite',
      'aria-label': texts.logLabel,
      // Focusable so keyboard users can scroll the transcript.
      tabindex: 0,
      'data-testid': 'govbot-log',
    });
    // Live regions stay in the DOM and only change content, so that screen readers announce them.
    this.banner = h('div', { class: 'banner', role: 'status', 'data-testid': 'govbot-banner' });
    this.typing = h('div', { class: 'typing', role: 'status', 'data-testid': 'govbot-typing' });
    this.input = h('textarea', {
      id: 'govbot-input',
      class: 'input',
      rows: 1,
      maxlength: 2000,
      placeholder: texts.placeholder,
      autocomplete: 'off',
      enterkeyhint: 'send',
      'data-testid': 'govbot-input',
    });
    this.files = new FilePicker(texts, locale, (file) => handlers.sendFile(file));
    const form = h(
      'form',
      { class: 'composer' },
      h('label', { for: 'govbot-input', class: 'sr-only' }, texts.inputLabel),
      this.files.button,
      this.files.input,
      this.input,
      h('button', { type: 'submit', class: 'send', 'data-testid': 'govbot-send' }, texts.send),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.fitInput();
      handlers.typing();
    });
    this.log.addEventListener('scroll', () => (this.followEnd = this.isAtEnd()), { passive: true });
    // Rotating a phone, a growing composer or a late image must not push the latest answer out of view.
    this.resizes.observe(this.log);
    this.talk = actionButton(texts.talkToPerson, 'talk', () => handlers.talkToPerson());
    this.talk.dataset.testid = 'govbot-talk';
    this.handover = new HandoverStatus(texts, () => handlers.cancelHandover());
    this.options = new ChatOptions(texts, locale, handlers);
    const close = handlers.close && actionButton(texts.closeChat, 'talk close', handlers.close);
    if (close) close.dataset.testid = 'govbot-close';
    this.brand = h('div', { class: 'brand' });
    this.setBrand(settings);
    this.element = h(
      'section',
      // The language of the conversation, so that screen readers pronounce it and long words hyphenate.
      { class: 'chat', lang: locale, 'aria-labelledby': 'govbot-title' },
      h(
        'div',
        // With a close button (launcher mode), the title and it share the first row and the actions get the second.
        { class: close ? 'header closable' : 'header' },
        this.brand,
        close,
        h('div', { class: 'header-actions' }, this.talk, this.options.toggle),
      ),
      this.options.element,
      this.handover.element,
      this.banner,
      this.log,
      this.typing,
      this.files.error,
      form,
    );
  }

  /** Shows this title and logo (the tenant's branding arrives with the session, after the view is built). */
  setBrand(settings: ViewSettings): void {
    this.brand.replaceChildren();
    append(
      this.brand,
      // Decorative: the title next to it names the service.
      settings.logoUrl && h('img', { class: 'logo', src: settings.logoUrl.href, alt: '' }),
      h('h2', { id: 'govbot-title', class: 'title' }, settings.title || this.texts.title),
    );
  }

  /**
   * Adds a message at the end; follows it when the citizen wrote it or was already reading the end. What the server
   * sends goes before the citizen's messages still waiting to be sent: those come after everything the server has.
   */
  appendMessage(message: HTMLElement, own: boolean): void {
    const firstPending = own ? null : this.log.querySelector(':scope > [data-pending]');
    this.log.insertBefore(message, firstPending ?? this.suggestions ?? null);
    this.resizes.observe(message);
    if (own) this.followEnd = true;
    if (this.followEnd) this.scrollToEnd();
  }

  /** Shows buttons under the last message, replacing earlier ones. */
  showSuggestions(actions: HTMLElement[]): void {
    this.clearSuggestions();
    if (actions.length === 0) return;
    this.suggestions = h(
      'div',
      {
        class: 'suggestions',
        role: 'group',
        'aria-label': this.texts.suggestions,
        'data-testid': 'govbot-suggestions',
      },
      ...actions,
    );
    this.log.append(this.suggestions);
    if (this.followEnd) this.scrollToEnd();
  }

  clearSuggestions(): void {
    if (!this.suggestions) return;
    const hadFocus = this.suggestions.contains(this.activeElement());
    this.suggestions.remove();
    this.suggestions = undefined;
    // The focused button is gone; continue where the conversation continues.
    if (hadFocus) this.focusInput();
  }

  /** Offers the file upload while the bot's latest message asks for a file. */
  setFileRequest(request: FileRequest | undefined): void {
    const hadFocus = this.files.button === this.activeElement();
    this.files.setRequest(request);
    if (hadFocus && !request) this.focusInput();
  }

  /** Shows that the bot, or the named person of the service centre, is writing. */
  showTyping(agentName?: string): void {
    clearTimeout(this.typingTimer);
    const label = agentName ? this.texts.agentTyping(agentName) : this.texts.typing;
    // Unchanged text is not touched, so that the live region does not announce it again.
    if (this.typing.textContent !== label) {
      this.typing.replaceChildren(
        h('span', { class: 'dots', 'aria-hidden': 'true' }, h('span'), h('span'), h('span')),
        h('span', {}, label),
      );
    }
    // A typing activity promises a message soon; if none comes, stop promising.
    this.typingTimer = setTimeout(() => this.hideTyping(), TYPING_TIMEOUT_MS);
  }

  hideTyping(): void {
    clearTimeout(this.typingTimer);
    this.typing.replaceChildren();
  }

  /** Shows where a handover stands; "talk to a person" is offered only while none is under way. */
  setHandover(handover: HandoverState | undefined): void {
    const focused = this.activeElement();
    this.handover.show(handover);
    this.talk.hidden = isHandoverActive(handover);
    // A button that just went away had the focus: continue where the conversation continues.
    if (focused instanceof HTMLElement && focused.hidden) this.focusInput();
  }

  setOnline(online: boolean): void {
    if (online) {
      this.banner.replaceChildren();
      return;
    }
    if (this.banner.hasChildNodes()) return;
    const button = h('button', { type: 'button', class: 'link-button' }, this.texts.reconnectNow);
    button.addEventListener('click', () => this.handlers.reconnect());
    this.banner.append(h('span', {}, `${this.texts.disconnected} `), button);
  }

  focusInput(): void {
    this.input.focus();
  }

  /** The citizen's messages and the answers as shown, for "Verlauf herunterladen". */
  messages(): HTMLElement[] {
    return [...this.log.querySelectorAll<HTMLElement>(':scope > .msg')];
  }

  /** Puts the focus on the options button (after the language switch rebuilt the view). */
  focusOptions(): void {
    this.options.toggle.focus();
  }

  private submit(): void {
    const value = this.input.value.trim();
    if (!value) {
      this.focusInput();
      return;
    }
    this.input.value = '';
    this.fitInput();
    this.handlers.send(value);
  }

  private fitInput(): void {
    // CSSOM writes are allowed under a strict CSP (style attributes in markup are not).
    this.input.style.height = 'auto';
    const borders = this.input.offsetHeight - this.input.clientHeight;
    this.input.style.height = `${Math.min(this.input.scrollHeight + borders, MAX_INPUT_HEIGHT_PX)}px`;
  }

  private isAtEnd(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 48;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }

  private activeElement(): Element | null {
    const root = this.element.getRootNode();
    return root instanceof ShadowRoot || root instanceof Document ? root.activeElement : null;
  }
}

/**
 * The "Optionen" disclosure under the header: the other language, "Verlauf herunterladen" and "Chat löschen", which
 * asks for confirmation in place (no browser dialog) and says so when deleting failed.
 */
class ChatOptions {
  readonly toggle: HTMLButtonElement;
  readonly element: HTMLElement;
  private readonly menu: HTMLElement;
  private readonly confirm: HTMLElement;
  private readonly error: HTMLElement;
  private readonly eraseButton: HTMLButtonElement;

  constructor(texts: Texts, locale: Locale, handlers: ViewHandlers) {
    this.toggle = h(
      'button',
      {
        type: 'button',
        class: 'talk options-toggle',
        'aria-expanded': 'false',
        'aria-controls': 'govbot-options',
        'data-testid': 'govbot-options',
      },
      texts.options,
    );
    const other = otherLocale(locale);
    const language = h(
      'button',
      // Written in its own language, so that it is found (and pronounced) by those who need it.
      { type: 'button', class: 'option', lang: other, 'data-testid': 'govbot-language' },
      texts.otherLanguage,
    );
    language.addEventListener('click', () => handlers.switchLanguage());
    const download = actionButton(texts.download, 'option', () => handlers.download());
    download.dataset.testid = 'govbot-download';
    this.eraseButton = actionButton(texts.erase, 'option', () => this.askErase(true));
    this.eraseButton.dataset.testid = 'govbot-erase';
    this.menu = h('div', { class: 'option-list' }, language, download, this.eraseButton);
    const yes = actionButton(texts.eraseConfirm, 'option danger', async () => {
      this.error.textContent = '';
      if (!(await handlers.erase())) this.error.textContent = texts.eraseFailed;
    });
    yes.dataset.testid = 'govbot-erase-confirm';
    const no = actionButton(texts.eraseCancel, 'option', () => this.askErase(false));
    no.dataset.testid = 'govbot-erase-cancel';
    this.confirm = h(
      'div',
      { class: 'erase-confirm', hidden: true },
      h('p', { id: 'govbot-erase-question' }, texts.eraseQuestion),
      h('div', { class: 'option-list', role: 'group', 'aria-labelledby': 'govbot-erase-question' }, yes, no),
    );
    this.error = h('p', { class: 'upload-error', role: 'alert' });
    this.element = h(
      'div',
      { id: 'govbot-options', class: 'options', hidden: true, 'data-testid': 'govbot-options-panel' },
      this.menu,
      this.confirm,
      this.error,
    );
    this.toggle.addEventListener('click', () => this.setOpen(this.element.hidden));
    this.element.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') return;
      // Closes the options only, not the whole chat panel.
      event.stopPropagation();
      this.setOpen(false);
      this.toggle.focus();
    });
  }

  private setOpen(open: boolean): void {
    this.element.hidden = !open;
    this.toggle.setAttribute('aria-expanded', String(open));
    if (!open) this.askErase(false);
  }

  private askErase(asking: boolean): void {
    const wasAsking = !this.confirm.hidden;
    this.confirm.hidden = !asking;
    this.menu.hidden = asking;
    this.error.textContent = '';
    if (asking) this.confirm.querySelector('button')?.focus();
    else if (wasAsking && !this.element.hidden) this.eraseButton.focus();
  }
}

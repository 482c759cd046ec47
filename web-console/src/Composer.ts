import type { AgentAck } from '../../src/channels/agent/protocol.js';
import type { CannedResponse } from './api.js';
import { button, h, labelledSelect, setOptions, uid } from './dom.js';
import { errorLabel } from './labels.js';

const TYPING_INTERVAL_MS = 2_000;

export interface ComposerHandlers {
  send(text: string): Promise<AgentAck>;
  /** The agent is typing; called at most once every two seconds. */
  typing(): void;
  canned(): CannedResponse[];
}

/**
 * The agent's message box: Enter sends (Shift+Enter for a new line), typing is reported at most every two seconds,
 * and a canned response can be inserted at the caret to be edited before sending.
 */
export class Composer {
  readonly element: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly error: HTMLElement;
  private readonly cannedSelect: HTMLSelectElement;
  private readonly cannedField: HTMLElement;
  private lastTypingSent = 0;

  constructor(private readonly handlers: ComposerHandlers) {
    const inputId = uid('message');
    const hintId = uid('message-hint');
    this.input = h('textarea', {
      id: inputId,
      rows: 3,
      maxlength: 4000,
      'aria-describedby': hintId,
      'data-testid': 'agent-input',
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.element.requestSubmit();
      }
    });
    this.input.addEventListener('input', () => this.reportTyping());
    this.error = h('p', { class: 'error', role: 'alert' });
    const canned = labelledSelect('Textbaustein', []);
    this.cannedSelect = canned.select;
    this.cannedField = h(
      'div',
      { class: 'canned row' },
      canned.field,
      button('Einfügen', () => this.insertCanned(), { class: 'button-secondary' }),
    );
    this.element = h(
      'form',
      { class: 'composer' },
      h('label', { for: inputId }, 'Nachricht an den Bürger / die Bürgerin'),
      this.input,
      h('p', { id: hintId, class: 'hint' }, 'Enter sendet, Umschalt+Enter beginnt eine neue Zeile.'),
      h('div', { class: 'row' }, h('button', { type: 'submit' }, 'Senden'), this.cannedField),
      this.error,
    );
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
  }

  /** Offers the canned responses, those in the citizen's language first. */
  refreshCanned(lang: string): void {
    const responses = [...this.handlers.canned()].sort((a, b) => Number(b.lang === lang) - Number(a.lang === lang));
    setOptions(
      this.cannedSelect,
      responses.map((response) => ({ value: response.id, label: `${response.title} (${response.lang})` })),
    );
    this.cannedField.hidden = responses.length === 0;
  }

  private async send(): Promise<void> {
    const text = this.input.value.trim();
    if (text === '') return;
    this.error.textContent = '';
    this.input.value = '';
    this.lastTypingSent = 0;
    const result = await this.handlers.send(text);
    if (result.ok) return;
    // Give the text back, unless the agent has started a new one meanwhile.
    if (this.input.value === '') this.input.value = text;
    this.error.textContent = `Nicht gesendet: ${errorLabel(result.error)}`;
  }

  private reportTyping(): void {
    const now = Date.now();
    if (now - this.lastTypingSent < TYPING_INTERVAL_MS || this.input.value.trim() === '') return;
    this.lastTypingSent = now;
    this.handlers.typing();
  }

  private insertCanned(): void {
    const response = this.handlers.canned().find((candidate) => candidate.id === this.cannedSelect.value);
    if (!response) return;
    const { selectionStart, selectionEnd, value } = this.input;
    this.input.value = value.slice(0, selectionStart) + response.text + value.slice(selectionEnd);
    const caret = selectionStart + response.text.length;
    this.input.focus();
    this.input.setSelectionRange(caret, caret);
  }
}

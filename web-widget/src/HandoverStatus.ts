import { actionButton } from './cardActions.js';
import { h } from './dom.js';
import { type HandoverState, isHandoverActive } from './handoverState.js';
import type { Texts } from './i18n.js';

/**
 * The line under the header while a person of the service centre is sought or has the chat: place in the queue and
 * wait with a button to stop waiting, or who the citizen talks to. Empty otherwise.
 */
export class HandoverStatus {
  readonly element: HTMLElement;
  private readonly line: HTMLElement;
  private readonly cancel: HTMLButtonElement;

  constructor(
    private readonly texts: Texts,
    onCancel: () => void,
  ) {
    // The live region stays in the DOM and only changes its text, so that each new place in the queue is announced;
    // the button is outside it, so its label is not read out with every change.
    this.line = h('p', { class: 'handover-text', role: 'status', 'data-testid': 'govbot-handover-status' });
    this.cancel = actionButton(texts.cancelWait, 'link-button', onCancel);
    this.cancel.dataset.testid = 'govbot-handover-cancel';
    this.cancel.hidden = true;
    this.element = h('div', { class: 'handover', 'data-testid': 'govbot-handover' }, this.line, this.cancel);
  }

  /** Shows the state; `ended`, `unavailable` and undefined empty the line. */
  show(handover: HandoverState | undefined): void {
    const active = isHandoverActive(handover);
    this.element.classList.toggle('active', active);
    this.cancel.hidden = handover?.state !== 'queued';
    if (!handover || !active) {
      this.line.replaceChildren();
      return;
    }
    const { state, position, waitSeconds, agentName } = handover;
    // Whole minutes, at least one, as the bot's own message says it.
    const minutes = waitSeconds === undefined ? undefined : Math.max(1, Math.round(waitSeconds / 60));
    const line = state === 'queued' ? this.texts.waiting(position, minutes) : this.texts.connected(agentName);
    // The same text again (e.g. replayed history) is not announced again.
    if (this.line.textContent !== line) this.line.textContent = line;
  }
}

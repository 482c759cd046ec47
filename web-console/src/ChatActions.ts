import type { AgentAck } from '../../src/channels/agent/protocol.js';
import type { FormSnapshot } from '../../src/dialogs/formSnapshot.js';
import type { HandoverOutcome } from '../../src/handover/types.js';
import { button, h, labelledSelect, setOptions } from './dom.js';
import { errorLabel, OUTCOME_LABELS } from './labels.js';

export interface ChatActionHandlers {
  /** Online agents other than me. */
  transferTargets(): { id: string; name: string }[];
  transfer(agentId: string): Promise<AgentAck>;
  end(outcome: HandoverOutcome, resumeAt: string | undefined): Promise<AgentAck>;
}

/**
 * Passing a chat on ("Weitergeben") and closing it: "An den Assistenten zurückgeben" (optionally at a form step of
 * the agent's choice) and "Beenden", both with an outcome for the analytics.
 */
export class ChatActions {
  readonly element: HTMLElement;
  private readonly error: HTMLElement;
  private readonly transferSelect: HTMLSelectElement;
  private readonly outcomeSelect: HTMLSelectElement;
  private readonly resumeSelect: HTMLSelectElement;
  private readonly resumeField: HTMLElement;

  constructor(private readonly handlers: ChatActionHandlers) {
    const transfer = labelledSelect('Weitergeben an', []);
    this.transferSelect = transfer.select;
    const outcome = labelledSelect(
      'Ergebnis',
      Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label })),
    );
    this.outcomeSelect = outcome.select;
    const resume = labelledSelect('Formular fortsetzen bei', []);
    this.resumeSelect = resume.select;
    this.resumeField = resume.field;
    this.error = h('p', { class: 'error', role: 'alert' });
    this.element = h(
      'section',
      { class: 'panel actions-panel', 'aria-label': 'Chat weitergeben oder abschließen' },
      h(
        'fieldset',
        {},
        h('legend', {}, 'Weitergeben'),
        transfer.field,
        button('Weitergeben', () => void this.transfer()),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Abschließen'),
        outcome.field,
        this.resumeField,
        h(
          'div',
          { class: 'row' },
          button('An den Assistenten zurückgeben', () => void this.end(true)),
          button('Beenden', () => void this.end(false), { class: 'button-danger' }),
        ),
      ),
      this.error,
    );
  }

  /** The form's answers become the steps the assistant may resume at. */
  showForm(form: FormSnapshot | null): void {
    setOptions(this.resumeSelect, [
      { value: '', label: 'Beim nächsten offenen Schritt' },
      ...(form?.fields ?? []).map((field) => ({ value: field.path, label: field.label })),
    ]);
    this.resumeField.hidden = form === null;
  }

  refreshTransferTargets(): void {
    const targets = this.handlers.transferTargets();
    setOptions(
      this.transferSelect,
      targets.length === 0
        ? [{ value: '', label: 'Niemand sonst online' }]
        : targets.map((agent) => ({ value: agent.id, label: agent.name })),
    );
  }

  private async transfer(): Promise<void> {
    const agentId = this.transferSelect.value;
    if (agentId === '') {
      this.error.textContent = 'Gerade ist niemand sonst online, an den Sie weitergeben könnten.';
      return;
    }
    this.error.textContent = '';
    const result = await this.handlers.transfer(agentId);
    if (!result.ok) this.error.textContent = `Nicht weitergegeben: ${errorLabel(result.error)}`;
  }

  private async end(handBack: boolean): Promise<void> {
    const chosen = this.outcomeSelect.value;
    const outcome: HandoverOutcome = isOutcome(chosen) ? chosen : 'resolved';
    const resumeAt = handBack && this.resumeSelect.value !== '' ? this.resumeSelect.value : undefined;
    this.error.textContent = '';
    const result = await this.handlers.end(outcome, resumeAt);
    if (!result.ok) this.error.textContent = `Nicht beendet: ${errorLabel(result.error)}`;
  }
}

function isOutcome(value: string): value is HandoverOutcome {
  return Object.hasOwn(OUTCOME_LABELS, value);
}

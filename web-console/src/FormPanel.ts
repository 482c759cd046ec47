import type { AgentAck } from '../../src/channels/agent/protocol.js';
import type { FormSnapshot } from '../../src/dialogs/formSnapshot.js';
import { button, h, uid } from './dom.js';
import { errorLabel } from './labels.js';

type FormField = FormSnapshot['fields'][number];

/** What the panel asks of its chat. */
export interface FormPanelHandlers {
  correct(path: string, value: string): Promise<AgentAck<{ form: FormSnapshot }> | { ok: false; problem: string }>;
  /** Whether the agent may change answers (the chat is theirs and connected). */
  editable(): boolean;
  /** The form changed: the chat updates its "resume at" choice. */
  changed(form: FormSnapshot | null): void;
}

const STATE_LABELS: Record<FormSnapshot['state'], string> = {
  field: 'Wartet auf eine Antwort',
  addAnother: 'Fragt, ob ein weiterer Eintrag folgt',
  summary: 'Zeigt die Zusammenfassung zur Bestätigung',
  exit: 'Fragt, ob das Formular abgebrochen werden soll',
};

/**
 * The form the citizen is filling in: where they stand and every answer so far, each with a button to correct it.
 * A correction the form does not accept shows the form's problem text.
 */
export class FormPanel {
  readonly element: HTMLElement;
  private form: FormSnapshot | null = null;
  private readonly headingId = uid('form-title');

  constructor(private readonly handlers: FormPanelHandlers) {
    this.element = h('section', { class: 'panel form-panel', 'aria-labelledby': this.headingId });
  }

  current(): FormSnapshot | null {
    return this.form;
  }

  show(form: FormSnapshot | null): void {
    this.form = form;
    this.render();
    this.handlers.changed(form);
  }

  /** Re-renders, e.g. when the chat became read-only. */
  render(): void {
    const form = this.form;
    const heading = h('h3', { id: this.headingId }, form ? `Formular: ${form.title}` : 'Formular');
    if (!form) {
      this.element.replaceChildren(heading, h('p', { class: 'muted' }, 'Kein Formular in Bearbeitung.'));
      return;
    }
    const status = h(
      'p',
      { class: 'form-state' },
      STATE_LABELS[form.state],
      form.current ? `: ${form.current.label}` : '',
      form.failures > 0 ? ` (${form.failures} unbrauchbare Antworten in Folge)` : '',
    );
    const rows = form.fields.map((field) => this.row(field));
    const table =
      rows.length === 0
        ? h('p', { class: 'muted' }, 'Noch keine Antworten.')
        : h(
            'table',
            { class: 'form-fields' },
            h('caption', { class: 'sr-only' }, `Antworten im Formular ${form.title}`),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, 'Feld'),
                h('th', { scope: 'col' }, 'Wert'),
                h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Aktion')),
              ),
            ),
            h('tbody', {}, ...rows),
          );
    this.element.replaceChildren(heading, status, table);
  }

  private row(field: FormField): HTMLTableRowElement {
    const valueCell = h('td', { class: 'form-value' }, field.value);
    const actionCell = h('td');
    const row = h('tr', { 'data-path': field.path }, h('th', { scope: 'row' }, field.label), valueCell, actionCell);
    if (this.handlers.editable()) {
      const edit = button('Ändern', () => this.edit(field, valueCell, actionCell, edit), {
        class: 'button-small',
        'aria-label': `${field.label} ändern`,
      });
      actionCell.append(edit);
    }
    return row;
  }

  /** Turns a row into a small form; Escape or "Abbrechen" restores it. */
  private edit(
    field: FormField,
    valueCell: HTMLTableCellElement,
    actionCell: HTMLTableCellElement,
    edit: HTMLButtonElement,
  ): void {
    const inputId = uid('correct');
    const errorId = uid('correct-error');
    const input = h('input', { id: inputId, type: 'text', value: field.value, 'aria-describedby': errorId });
    const error = h('p', { id: errorId, class: 'error', role: 'alert' });
    const save = h('button', { type: 'submit', class: 'button-small' }, 'Speichern');
    const restore = () => {
      valueCell.replaceChildren(field.value);
      valueCell.colSpan = 1;
      actionCell.hidden = false;
      edit.focus();
    };
    const cancel = button('Abbrechen', restore, { class: 'button-small button-secondary' });
    const form = h(
      'form',
      { class: 'correct-form' },
      h('label', { for: inputId, class: 'sr-only' }, `Neuer Wert für ${field.label}`),
      input,
      h('div', { class: 'row' }, save, cancel),
      error,
    );
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') restore();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (value === '') {
        error.textContent = 'Bitte geben Sie einen Wert ein.';
        return;
      }
      save.disabled = true;
      error.textContent = '';
      void this.handlers.correct(field.path, value).then((result) => {
        save.disabled = false;
        if (result.ok) {
          this.show(result.form);
          this.element.querySelector<HTMLElement>(`tr[data-path="${CSS.escape(field.path)}"] button`)?.focus();
          return;
        }
        error.textContent = `Nicht übernommen: ${errorLabel('problem' in result ? result.problem : result.error)}`;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      });
    });
    // The small form takes the value and action columns, so that the field and its message have room.
    valueCell.replaceChildren(form);
    valueCell.colSpan = 2;
    actionCell.hidden = true;
    input.focus();
    input.select();
  }
}

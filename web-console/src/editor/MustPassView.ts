import { h } from '../dom.js';
import type { EditorContext, EditorView } from './context.js';
import { IntentPicker } from './IntentPicker.js';
import type { MustPassQuestion } from './shapes.js';
import {
  alertLine,
  dateTime,
  deleteButton,
  failure,
  field,
  LANGUAGE_OPTIONS,
  section,
  select,
  statusLine,
  table,
  textInput,
} from './ui.js';

/** Questions every new model must get right before it can be published without an override. */
export class MustPassView implements EditorView {
  readonly element: HTMLElement;
  private readonly list = h('div');
  private readonly status = statusLine({ tabindex: -1 });
  private readonly error = alertLine();
  private readonly pickerArea = h('div');
  private picker: IntentPicker | undefined;

  constructor(private readonly context: EditorContext) {
    const text = textInput({ maxlength: 500, required: true });
    const lang = select(LANGUAGE_OPTIONS, 'de');
    const form = h(
      'form',
      { class: 'must-pass-form' },
      field('Frage', text),
      field('Sprache', lang),
      this.pickerArea,
      h('button', { type: 'submit' }, 'Pflichtfrage hinzufügen'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const intent = this.picker?.value();
      if (!text.value.trim() || !intent) {
        this.error.textContent = 'Bitte geben Sie die Frage ein und wählen Sie das erwartete Anliegen.';
        (text.value.trim() ? this.pickerArea.querySelector('input') : text)?.focus();
        return;
      }
      const language = lang.value === 'en' ? 'en' : 'de';
      void this.context.api.addMustPass({ text: text.value.trim(), lang: language, intent }).then((result) => {
        if (!result.ok) {
          this.error.textContent = `Nicht hinzugefügt: ${failure(result)}`;
          return;
        }
        this.error.textContent = '';
        text.value = '';
        void this.load(`Pflichtfrage „${result.value.text}“ hinzugefügt.`);
        text.focus();
      });
    });
    this.element = h(
      'div',
      { class: 'stack' },
      section('Pflichtfragen', this.status, this.error, this.list),
      section('Pflichtfrage hinzufügen', form),
    );
  }

  show(): void {
    void this.load();
    // Must-pass questions are the shared layer's, whatever layer the page works on.
    void this.context.api.intents('', '', { shared: true }).then((result) => {
      const names = result.ok ? result.value.intents.map((intent) => intent.name).sort() : [];
      this.picker = new IntentPicker(['None', ...names], undefined, 'Erwartetes Anliegen');
      this.pickerArea.replaceChildren(this.picker.element);
    });
  }

  private async load(done = ''): Promise<void> {
    const result = await this.context.api.mustPass();
    if (!result.ok) {
      this.error.textContent = `Pflichtfragen nicht geladen: ${failure(result)}`;
      return;
    }
    const { questions } = result.value;
    this.status.textContent = `${done} ${questions.length} Pflichtfragen.`.trim();
    this.list.replaceChildren(
      table(
        'Pflichtfragen',
        ['Frage', 'Sprache', 'Erwartetes Anliegen', 'Angelegt', 'Aktion'],
        questions.map((question) => [
          h('span', { class: 'plain' }, question.text),
          question.lang,
          question.intent,
          `${dateTime(question.createdAt)} von ${question.createdBy}`,
          this.deleteButton(question),
        ]),
      ),
    );
  }

  private deleteButton(question: MustPassQuestion): HTMLButtonElement {
    return deleteButton('Löschen', `Pflichtfrage „${question.text}“ löschen?`, {
      remove: () => this.context.api.deleteMustPass(question.id),
      error: this.error,
      deleted: async () => {
        await this.load('Pflichtfrage gelöscht.');
        this.status.focus();
      },
      attributes: { class: 'button-danger button-small', 'aria-label': `Pflichtfrage „${question.text}“ löschen` },
    });
  }
}

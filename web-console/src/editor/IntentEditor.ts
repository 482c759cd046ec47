import { button, h, uid } from '../dom.js';
import type { EditorContext } from './context.js';
import { StringListEditor } from './StringListEditor.js';
import type { EditorIntent } from './shapes.js';
import { alertLine, deleteButton, failure, field, statusLine, textInput } from './ui.js';

const SERVICE_PREFIX = 'service.';
/** Intent names as the corpus files use them: letters, digits, dots, dashes and underscores. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * One intent across both languages: its name (fixed once saved), the catalogue entry and form dialog it stands for,
 * and the utterances and answers per language as editable lists. Saving replaces the intent in the draft.
 */
export class IntentEditor {
  readonly element: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly body = h('div');
  private readonly status = statusLine();
  private readonly error = alertLine();

  constructor(
    private readonly context: EditorContext,
    private readonly name: string | undefined,
    private readonly events: { saved(name: string): void; deleted(): void },
  ) {
    const headingId = uid('intent');
    this.heading = h('h2', { id: headingId, tabindex: -1 }, name ? `Anliegen ${name}` : 'Neues Anliegen');
    this.element = h(
      'section',
      { class: 'panel', 'aria-labelledby': headingId, 'data-testid': 'intent-editor' },
      this.heading,
      this.status,
      this.error,
      this.body,
    );
    if (name) void this.load(name);
    else this.render(undefined);
  }

  focus(): void {
    this.heading.focus();
  }

  private async load(name: string): Promise<void> {
    this.status.textContent = 'Wird geladen …';
    const result = await this.context.api.intent(name);
    this.status.textContent = '';
    if (!result.ok) {
      this.error.textContent = `Anliegen nicht geladen: ${failure(result)}`;
      return;
    }
    this.render(result.value);
  }

  private render(intent: EditorIntent | undefined): void {
    const nameInput = textInput({ maxlength: 100, required: true, value: intent?.name ?? '', spellcheck: false });
    nameInput.readOnly = intent !== undefined;
    const nameField = field(
      'Name des Anliegens',
      nameInput,
      intent
        ? 'Der Name lässt sich nach dem Anlegen nicht mehr ändern.'
        : `Für eine Leistung aus dem Katalog: „${SERVICE_PREFIX}<Katalog-ID>“, z. B. service.bewohnerparkausweis.`,
    );
    // On a municipality's layer the lists are its own; the shared texts are shown beside them.
    const own = this.context.layer.shared ? '' : 'Eigene ';
    const lists = {
      utterances: {
        de: new StringListEditor(`${own}Beispielsätze Deutsch`, 'Beispielsatz (de)', intent?.utterances.de ?? []),
        en: new StringListEditor(`${own}Beispielsätze Englisch`, 'Beispielsatz (en)', intent?.utterances.en ?? []),
      },
      answers: {
        de: new StringListEditor(`${own}Antworten Deutsch`, 'Antwort (de)', intent?.answers.de ?? [], true),
        en: new StringListEditor(`${own}Antworten Englisch`, 'Antwort (en)', intent?.answers.en ?? [], true),
      },
    };
    const save = h('button', { type: 'submit' }, 'Speichern');
    const form = h(
      'form',
      { class: 'intent-form', novalidate: true },
      nameField,
      this.linkInfo(intent),
      this.layerInfo(intent),
      h('div', { class: 'columns' }, lists.utterances.de.element, lists.utterances.en.element),
      intent?.kind === 'service'
        ? h('p', { class: 'hint' }, 'Leistungen antworten mit ihrem Katalogeintrag; eigene Antworten sind optional.')
        : null,
      h('div', { class: 'columns' }, lists.answers.de.element, lists.answers.en.element),
      h('div', { class: 'row' }, save, intent && intent.layer !== 'shared' ? this.deleteButton(intent) : null),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const name = nameInput.value.trim();
      if (!NAME_PATTERN.test(name)) {
        this.error.textContent =
          'Bitte geben Sie einen Namen aus Buchstaben, Ziffern, Punkt, Binde- oder Unterstrich ein.';
        nameInput.setAttribute('aria-invalid', 'true');
        nameInput.focus();
        return;
      }
      nameInput.removeAttribute('aria-invalid');
      const input = {
        utterances: { de: lists.utterances.de.values(), en: lists.utterances.en.values() },
        answers: { de: lists.answers.de.values(), en: lists.answers.en.values() },
      };
      save.disabled = true;
      this.error.textContent = '';
      this.status.textContent = 'Wird gespeichert …';
      void this.context.api.saveIntent(name, input).then((result) => {
        save.disabled = false;
        if (!result.ok) {
          this.status.textContent = '';
          this.error.textContent = `Nicht gespeichert: ${failure(result)}`;
          return;
        }
        this.status.textContent = `Anliegen ${result.value.name} gespeichert. Es wirkt nach dem nächsten Training und der Veröffentlichung.`;
        this.heading.textContent = `Anliegen ${result.value.name}`;
        // A new intent, or a shared one that has its own part now: the form offers what fits it.
        if (!intent || intent.layer !== result.value.layer) this.render(result.value);
        this.events.saved(result.value.name);
      });
    });
    this.body.replaceChildren(form);
  }

  /** The catalogue entry and the form dialog the intent stands for, and the named entities it uses, if any. */
  private linkInfo(intent: EditorIntent | undefined): HTMLElement | null {
    if (!intent) return null;
    const serviceId = intent.serviceId ?? (intent.name.startsWith(SERVICE_PREFIX) ? intent.name.slice(8) : undefined);
    const dialog = typeof intent.dialog === 'string' ? intent.dialog : (intent.dialog?.title ?? intent.dialog?.id);
    return h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Katalogeintrag'),
      h(
        'dd',
        {},
        serviceId
          ? button(`Leistung ${serviceId} öffnen`, () => this.context.open('catalogue', serviceId), {
              class: 'link-button',
            })
          : 'keiner',
      ),
      h('dt', {}, 'Formular-Dialog'),
      h('dd', {}, dialog ?? 'keiner'),
      h('dt', {}, 'Entitäten'),
      h(
        'dd',
        {},
        intent.entities?.length
          ? button(intent.entities.map((name) => `@${name}`).join(', '), () => this.context.open('entities'), {
              class: 'link-button',
            })
          : 'keine (in Trainingssätzen mit @Name verwenden)',
      ),
    );
  }

  /**
   * On a municipality's layer: whose the intent is, and the shared utterances and answers it is also trained and
   * answered with (read-only).
   */
  private layerInfo(intent: EditorIntent | undefined): HTMLElement | null {
    if (this.context.layer.shared) return null;
    const whose = `Eigene Inhalte von ${this.context.layer.name}`;
    if (!intent?.shared) {
      return h('p', { class: 'hint' }, `${whose}: ein Anliegen nur dieser Kommune.`);
    }
    const { utterances, answers } = intent.shared;
    const texts = (label: string, items: string[]) =>
      h(
        'div',
        {},
        h('h3', {}, label),
        items.length ? h('ul', {}, ...items.map((item) => h('li', {}, item))) : h('p', {}, '–'),
      );
    return h(
      'div',
      {},
      h(
        'p',
        { class: 'hint' },
        `${whose}: Das Anliegen ist gemeinsam. Es wird mit den gemeinsamen und den eigenen Beispielsätzen trainiert und antwortet mit den eigenen Antworten, wo es welche gibt.`,
      ),
      h(
        'details',
        { 'data-testid': 'shared-texts' },
        h('summary', {}, 'Gemeinsame Beispielsätze und Antworten (nur lesen)'),
        h(
          'div',
          { class: 'columns' },
          texts('Beispielsätze Deutsch', utterances.de),
          texts('Beispielsätze Englisch', utterances.en),
        ),
        h('div', { class: 'columns' }, texts('Antworten Deutsch', answers.de), texts('Antworten Englisch', answers.en)),
      ),
    );
  }

  private deleteButton(intent: EditorIntent): HTMLButtonElement {
    const { name } = intent;
    const label = intent.layer === 'both' ? 'Eigene Ergänzung löschen' : 'Anliegen löschen';
    const question =
      intent.layer === 'both'
        ? `Die eigenen Beispielsätze und Antworten von „${name}“ löschen? Das gemeinsame Anliegen bleibt.`
        : `Anliegen „${name}“ wirklich löschen?`;
    return deleteButton(label, question, {
      remove: () => this.context.api.deleteIntent(name),
      error: this.error,
      failed: (result) =>
        result.error === 'in_use'
          ? `Nicht gelöscht: Kommunen haben „${name}“ um eigene Beispielsätze oder Antworten ergänzt ` +
            `(${result.message ?? ''}). Erst wenn sie ihre Ergänzung gelöscht haben, kann das gemeinsame Anliegen gehen.`
          : `Nicht gelöscht: ${failure(result)}`,
      deleted: () => {
        this.context.announce(`Anliegen ${name} gelöscht.`);
        this.events.deleted();
      },
    });
  }
}

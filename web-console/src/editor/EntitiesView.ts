import { button, h } from '../dom.js';
import type { EditorContext, EditorView } from './context.js';
import type { Lang, NamedEntity } from './shapes.js';
import {
  alertLine,
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

const KIND_OPTIONS = [
  { value: 'enum', label: 'Liste von Werten mit Synonymen' },
  { value: 'regex', label: 'Regulärer Ausdruck' },
];

/** Named entities (`@name` in example sentences), per language: list, create or change, delete. */
export class EntitiesView implements EditorView {
  readonly element: HTMLElement;
  private readonly list = h('div');
  private readonly status = statusLine({ tabindex: -1 });
  private readonly error = alertLine();
  private readonly filter = select([{ value: '', label: 'Alle' }, ...LANGUAGE_OPTIONS]);
  private readonly name = textInput({
    maxlength: 60,
    required: true,
    autocomplete: 'off',
    pattern: '[a-zA-Z][\\w\\-]*',
  });
  private readonly lang = select(LANGUAGE_OPTIONS, 'de');
  private readonly kind = select(KIND_OPTIONS, 'enum');
  private readonly options = h('textarea', { rows: 6 });
  private readonly regex = textInput({ maxlength: 300, autocomplete: 'off' });
  private readonly optionsField = field(
    'Werte und Synonyme',
    this.options,
    'Ein Wert je Zeile: Wert: Synonym, Synonym. Das erste Synonym (sonst der Wert) wird für @name trainiert.',
  );
  private readonly regexField = field('Regulärer Ausdruck', this.regex, 'Zum Beispiel AZ-\\d{4} oder /AZ-\\d{4}/i.');
  private readonly formError = alertLine();

  constructor(private readonly context: EditorContext) {
    this.filter.addEventListener('change', () => void this.load());
    this.kind.addEventListener('change', () => this.showKind());
    const form = h(
      'form',
      { class: 'stack' },
      field('Name', this.name, 'Buchstaben, Ziffern, _ und -; in Beispielsätzen als @name.'),
      field('Sprache', this.lang),
      field('Art', this.kind),
      this.optionsField,
      this.regexField,
      this.formError,
      h('button', { type: 'submit' }, 'Entität speichern'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    this.showKind();
    this.element = h(
      'div',
      { class: 'stack' },
      section('Entitäten', field('Sprache', this.filter), this.status, this.error, this.list),
      section('Entität anlegen oder ändern', form),
    );
  }

  show(): void {
    void this.load();
  }

  private showKind(): void {
    const regex = this.kind.value === 'regex';
    this.regexField.hidden = !regex;
    this.optionsField.hidden = regex;
  }

  private async load(done = ''): Promise<void> {
    const result = await this.context.api.entities(this.filter.value);
    if (!result.ok) {
      this.error.textContent = `Entitäten nicht geladen: ${failure(result)}`;
      return;
    }
    this.error.textContent = '';
    const { entities } = result.value;
    this.status.textContent = `${done} ${entities.length} Entitäten.`.trim();
    this.list.replaceChildren(
      table(
        'Entitäten',
        ['Name', 'Sprache', 'Werte oder Muster', 'Verwendet in', 'Aktionen'],
        entities.map((entity) => [
          `@${entity.name}`,
          entity.lang,
          h('span', { class: 'plain' }, describe(entity)),
          entity.usedBy.join(', ') || '–',
          h(
            'div',
            { class: 'row' },
            button('Bearbeiten', () => this.edit(entity), {
              class: 'button-secondary button-small',
              'aria-label': `@${entity.name} (${entity.lang}) bearbeiten`,
            }),
            this.deleteButton(entity),
          ),
        ]),
      ),
    );
  }

  private edit(entity: NamedEntity): void {
    this.name.value = entity.name;
    this.lang.value = entity.lang;
    this.kind.value = entity.type;
    this.options.value = (entity.options ?? [])
      .map((option) => `${option.value}: ${option.synonyms.join(', ')}`)
      .join('\n');
    this.regex.value = entity.regex ?? '';
    this.formError.textContent = '';
    this.showKind();
    this.name.focus();
  }

  private async save(): Promise<void> {
    const name = this.name.value.trim();
    const lang: Lang = this.lang.value === 'en' ? 'en' : 'de';
    if (!/^[a-zA-Z][\w-]*$/.test(name)) {
      this.formError.textContent = 'Bitte geben Sie einen Namen aus Buchstaben, Ziffern, _ und - ein.';
      this.name.focus();
      return;
    }
    const input =
      this.kind.value === 'regex'
        ? { type: 'regex' as const, regex: this.regex.value.trim() }
        : { type: 'enum' as const, options: parseOptions(this.options.value) };
    if (input.type === 'enum' ? input.options.length === 0 : !input.regex) {
      this.formError.textContent = 'Bitte geben Sie mindestens einen Wert oder ein Muster ein.';
      (input.type === 'enum' ? this.options : this.regex).focus();
      return;
    }
    const result = await this.context.api.saveEntity(lang, name, input);
    if (!result.ok) {
      this.formError.textContent = `Nicht gespeichert: ${failure(result)}`;
      return;
    }
    this.formError.textContent = '';
    await this.load(`Entität @${result.value.name} (${result.value.lang}) gespeichert.`);
    this.status.focus();
  }

  private deleteButton(entity: NamedEntity): HTMLButtonElement {
    return deleteButton('Löschen', `Entität @${entity.name} (${entity.lang}) löschen?`, {
      remove: () => this.context.api.deleteEntity(entity.lang, entity.name),
      error: this.error,
      failed: (result) =>
        result.error === 'entity_in_use'
          ? `Nicht gelöscht: Beispielsätze verwenden @${entity.name} noch (${result.message ?? ''}).`
          : `Nicht gelöscht: ${failure(result)}`,
      deleted: async () => {
        await this.load(`Entität @${entity.name} gelöscht.`);
        this.status.focus();
      },
      attributes: { class: 'button-danger button-small', 'aria-label': `@${entity.name} (${entity.lang}) löschen` },
    });
  }
}

function describe(entity: NamedEntity): string {
  if (entity.type === 'regex') return entity.regex ?? '';
  return (entity.options ?? [])
    .map((option) => (option.synonyms.length ? `${option.value} (${option.synonyms.join(', ')})` : option.value))
    .join('; ');
}

/** "Wert: Synonym, Synonym" per line. */
function parseOptions(text: string): { value: string; synonyms: string[] }[] {
  return text
    .split('\n')
    .map((line) => {
      const [value = '', synonyms = ''] = line.split(/:(.*)/s);
      return {
        value: value.trim(),
        synonyms: synonyms
          .split(',')
          .map((synonym) => synonym.trim())
          .filter(Boolean),
      };
    })
    .filter((option) => option.value !== '');
}

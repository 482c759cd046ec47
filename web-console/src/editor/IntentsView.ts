import { button, h } from '../dom.js';
import type { EditorContext } from './context.js';
import { IntentEditor } from './IntentEditor.js';
import { SearchListView } from './SearchListView.js';
import type { IntentSummary } from './shapes.js';
import { field, LANGUAGE_OPTIONS, layerBadge, section, select, table } from './ui.js';

const KIND_LABELS: Record<string, string> = {
  service: 'Leistung',
  conversation: 'Gespräch',
  none: 'Außerhalb des Themas',
};

/** The intents of the draft: search and language filter, the list, and the editor of one intent. */
export class IntentsView extends SearchListView {
  readonly element: HTMLElement;
  private readonly lang = select([{ value: '', label: 'Alle Sprachen' }, ...LANGUAGE_OPTIONS]);

  constructor(context: EditorContext) {
    super(context, h('div', { class: 'intent-list' }));
    const form = this.searchForm('Anliegen suchen', field('Suche', this.search), field('Sprache', this.lang));
    this.lang.addEventListener('change', () => void this.load());
    const create = button('Neues Anliegen anlegen', () => this.edit(undefined), { class: 'button-secondary' });
    this.element = h(
      'div',
      { class: 'split' },
      section('Anliegen (Intents)', form, h('div', { class: 'row' }, create), this.status, this.error, this.list),
      this.editorArea,
    );
  }

  show(item?: string): void {
    if (!this.loaded || item) void this.load();
    if (item) this.edit(item);
  }

  protected async load(): Promise<void> {
    const found = await this.fetchList('Anliegen', () =>
      this.context.api.intents(this.search.value.trim(), this.lang.value),
    );
    if (!found) return;
    const { intents } = found;
    this.status.textContent = `${intents.length} Anliegen gefunden.`;
    this.list.replaceChildren(
      table(
        'Anliegen',
        ['Name', 'Art', 'Beispielsätze (de/en)', 'Aktion'],
        intents.map((intent) => this.row(intent)),
        { 'data-testid': 'intent-table' },
      ),
    );
  }

  private row(intent: IntentSummary): (string | Node)[] {
    const counts = `${intent.utterances.de} / ${intent.utterances.en}`;
    return [
      h(
        'span',
        {},
        h('span', { class: 'code' }, intent.name),
        ' ',
        layerBadge(intent.layer),
        intent.title ? h('br') : null,
        intent.title ?? '',
      ),
      KIND_LABELS[intent.kind] ?? intent.kind,
      counts,
      button('Bearbeiten', () => this.edit(intent.name), {
        class: 'button-secondary button-small',
        'aria-label': `${intent.name} bearbeiten`,
      }),
    ];
  }

  /** Opens the editor of an intent, or of a new one. */
  private edit(name: string | undefined): void {
    const editor = new IntentEditor(this.context, name, {
      saved: () => void this.load(),
      deleted: () => {
        this.editorArea.replaceChildren();
        void this.load().then(() => this.search.focus());
      },
    });
    this.editorArea.replaceChildren(editor.element);
    editor.focus();
  }
}

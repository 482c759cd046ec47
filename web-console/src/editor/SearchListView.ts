import { h } from '../dom.js';
import type { EditorContext, EditorView } from './context.js';
import type { Result } from './editorApi.js';
import { alertLine, failure, statusLine, textInput } from './ui.js';

/**
 * What the draft's lists (intents, catalogue) have in common: a search form above a list with its status and alert
 * lines, and an editor area beside it for the entry opened.
 */
export abstract class SearchListView implements EditorView {
  abstract readonly element: HTMLElement;
  protected readonly search = textInput({ type: 'search', maxlength: 200 });
  protected readonly status = statusLine();
  protected readonly error = alertLine();
  protected readonly editorArea = h('div', { class: 'editor-area' });
  /** Whether the list was loaded (or is loading) once. */
  protected loaded = false;

  constructor(
    protected readonly context: EditorContext,
    protected readonly list: HTMLElement,
  ) {}

  abstract show(item?: string): void;

  /** The list and the entry open are the other layer's: load again when shown. */
  reset(): void {
    this.loaded = false;
    this.editorArea.replaceChildren();
    this.list.replaceChildren();
    this.status.textContent = '';
    this.error.textContent = '';
  }

  /** (Re)loads the list. */
  protected abstract load(): Promise<void>;

  /** The search form (`label` names it): the fields and "Suchen", which loads the list. */
  protected searchForm(label: string, ...fields: HTMLElement[]): HTMLFormElement {
    const form = h(
      'form',
      { class: 'row filter', role: 'search', 'aria-label': label },
      ...fields,
      h('button', { type: 'submit' }, 'Suchen'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.load();
    });
    return form;
  }

  /**
   * Fetches what the list shows: "`what` werden geladen …" in the status line meanwhile; undefined, with the failure
   * in the alert line, when the call fails.
   */
  protected async fetchList<T>(what: string, call: () => Promise<Result<T>>): Promise<T | undefined> {
    this.loaded = true;
    this.status.textContent = `${what} werden geladen …`;
    this.error.textContent = '';
    const layer = this.context.api.tenant;
    const result = await call();
    // The layer changed meanwhile: the list is the other layer's, and the new one is loading.
    if (layer !== this.context.api.tenant) return undefined;
    if (!result.ok) {
      this.status.textContent = '';
      this.error.textContent = `${what} nicht geladen: ${failure(result)}`;
      return undefined;
    }
    return result.value;
  }
}

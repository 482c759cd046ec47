import { h, uid } from '../dom.js';

/**
 * Picks an intent out of hundreds: a search field filtering a list box (a native `<select size>`, so keyboard and
 * screen readers work as usual). The suggestion, when given, is chosen at first.
 */
export class IntentPicker {
  readonly element: HTMLElement;
  private readonly search: HTMLInputElement;
  private readonly list: HTMLSelectElement;

  constructor(
    private readonly names: string[],
    suggestion: string | undefined,
    label = 'Anliegen',
  ) {
    const searchId = uid('pick-search');
    const listId = uid('pick-list');
    this.search = h('input', { id: searchId, type: 'search', autocomplete: 'off', maxlength: 100 });
    this.list = h('select', { id: listId, size: 5, class: 'picker-list' });
    this.search.addEventListener('input', () => this.filter());
    this.search.addEventListener('keydown', (event) => {
      if (event.key !== 'ArrowDown') return;
      event.preventDefault();
      this.list.focus();
    });
    this.element = h(
      'div',
      { class: 'picker' },
      h('div', { class: 'field' }, h('label', { for: searchId }, `${label} suchen`), this.search),
      h('div', { class: 'field' }, h('label', { for: listId }, label), this.list),
    );
    this.filter();
    if (suggestion && names.includes(suggestion)) this.list.value = suggestion;
  }

  /** The chosen intent, or undefined. */
  value(): string | undefined {
    return this.list.value || undefined;
  }

  private filter(): void {
    const chosen = this.list.value;
    const words = this.search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = this.names.filter((name) => words.every((word) => name.toLowerCase().includes(word))).slice(0, 200);
    this.list.replaceChildren(...shown.map((name) => h('option', { value: name }, name)));
    if (shown.includes(chosen)) this.list.value = chosen;
    else if (shown.length === 1 && shown[0]) this.list.value = shown[0];
  }
}

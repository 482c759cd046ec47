import { button, h, uid } from '../dom.js';

/**
 * An editable list of texts (a language's utterances or answers): one labelled input per text with a remove button,
 * and an input to add a text. Enter in the add input adds it; focus goes where the editor expects it after each step.
 */
export class StringListEditor {
  readonly element: HTMLFieldSetElement;
  private readonly list: HTMLUListElement;
  private readonly addInput: HTMLInputElement | HTMLTextAreaElement;
  private readonly count: HTMLSpanElement;

  /** `itemLabel` names one item, e.g. "Beispielsatz"; `multiline` uses text areas (answers). */
  constructor(
    legend: string,
    private readonly itemLabel: string,
    values: string[],
    private readonly multiline = false,
  ) {
    this.list = h('ul', { class: 'string-list' });
    this.count = h('span', { class: 'muted' });
    const addId = uid('add');
    this.addInput = multiline ? h('textarea', { id: addId, rows: 2 }) : h('input', { id: addId, type: 'text' });
    // The API takes texts of up to 500 characters.
    this.addInput.setAttribute('maxlength', '500');
    this.addInput.addEventListener('keydown', (event) => {
      if (event instanceof KeyboardEvent && event.key === 'Enter' && !multiline) {
        event.preventDefault();
        this.addFromInput();
      }
    });
    this.element = h(
      'fieldset',
      { class: 'string-list-editor' },
      h('legend', {}, legend, ' ', this.count),
      this.list,
      h(
        'div',
        { class: 'row add-row' },
        h('div', { class: 'field grow' }, h('label', { for: addId }, `${itemLabel} hinzufügen`), this.addInput),
        button('Hinzufügen', () => this.addFromInput(), { class: 'button-secondary' }),
      ),
    );
    for (const value of values) this.add(value);
    this.renumber();
  }

  values(): string[] {
    return [...this.list.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-item]')]
      .map((input) => input.value.trim())
      .filter((value) => value.length > 0);
  }

  private addFromInput(): void {
    const value = this.addInput.value.trim();
    if (!value) return;
    this.add(value);
    this.addInput.value = '';
    this.renumber();
    this.addInput.focus();
  }

  private add(value: string): void {
    const id = uid('item');
    const input = this.multiline
      ? h('textarea', { id, rows: 2, 'data-item': true })
      : h('input', { id, type: 'text', 'data-item': true });
    input.value = value;
    const label = h('label', { for: id, class: 'sr-only' });
    const remove = button('Entfernen', () => {
      const next = item.nextElementSibling ?? item.previousElementSibling;
      item.remove();
      this.renumber();
      (next?.querySelector<HTMLElement>('[data-item]') ?? this.addInput).focus();
    });
    remove.classList.add('button-secondary', 'button-small');
    const item = h('li', { class: 'row' }, label, input, remove);
    this.list.append(item);
  }

  /** Labels say which item they are, so that "Entfernen" is unambiguous for screen readers. */
  private renumber(): void {
    const items = [...this.list.children];
    items.forEach((item, index) => {
      const label = item.querySelector('label');
      const remove = item.querySelector('button');
      const name = `${this.itemLabel} ${index + 1}`;
      if (label) label.textContent = name;
      remove?.setAttribute('aria-label', `${name} entfernen`);
    });
    this.count.textContent = `(${items.length})`;
  }
}

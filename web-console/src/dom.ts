import { type Attributes, type Child, h } from '../../web-widget/src/dom.js';

// The widget's DOM builder: text only ever reaches the page as text nodes, never through innerHTML.
export { append, h, srOnly } from '../../web-widget/src/dom.js';

let counter = 0;

/** A document-unique id for label/aria references. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A `type="button"` button with a click handler. */
export function button(
  label: Child | Child[],
  onClick: (event: MouseEvent) => void,
  attributes: Attributes = {},
): HTMLButtonElement {
  const element = h('button', { type: 'button', ...attributes }, ...(Array.isArray(label) ? label : [label]));
  element.addEventListener('click', onClick);
  return element;
}

/** A labelled `<select>`: the label and the control, wrapped in a `.field` div. */
export function labelledSelect(
  label: string,
  options: { value: string; label: string }[],
  attributes: Attributes = {},
): { field: HTMLDivElement; select: HTMLSelectElement } {
  const id = uid('select');
  const select = h('select', { id, ...attributes });
  setOptions(select, options);
  return { field: h('div', { class: 'field' }, h('label', { for: id }, label), select), select };
}

/** Replaces a select's options, keeping the chosen value when it is still offered. */
export function setOptions(select: HTMLSelectElement, options: { value: string; label: string }[]): void {
  const chosen = select.value;
  select.replaceChildren(...options.map((option) => h('option', { value: option.value }, option.label)));
  if (options.some((option) => option.value === chosen)) select.value = chosen;
}

import type { Attributes, Child } from '../../../web-widget/src/dom.js';
import { button, h, uid } from '../dom.js';
import { errorLabel } from '../labels.js';
import type { Result } from './editorApi.js';
import type { ContentLayer } from './shapes.js';

/** Building blocks of the workbench's views: labelled fields, tables, messages and confirmations. */

/** A labelled control in a `.field` div; the control gets an id when it has none. */
export function field<E extends HTMLElement>(label: string, control: E, hint?: string): HTMLDivElement {
  if (!control.id) control.id = uid('field');
  const hintElement = hint ? h('p', { class: 'hint', id: uid('hint') }, hint) : undefined;
  if (hintElement) control.setAttribute('aria-describedby', hintElement.id);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hintElement);
}

export function textInput(attributes: Attributes = {}): HTMLInputElement {
  return h('input', { type: 'text', ...attributes });
}

/** A select with the options given; `value` chosen when offered. */
export function select(options: { value: string; label: string }[], value = '', attributes: Attributes = {}) {
  const element = h(
    'select',
    attributes,
    ...options.map((option) => h('option', { value: option.value }, option.label)),
  );
  element.value = value;
  return element;
}

export const LANGUAGE_OPTIONS = [
  { value: 'de', label: 'Deutsch' },
  { value: 'en', label: 'Englisch' },
];

/** A polite status line (saved, loading, counts). */
export function statusLine(attributes: Attributes = {}): HTMLParagraphElement {
  return h('p', { class: 'status', role: 'status', ...attributes });
}

/** An alert line for failures; empty until something fails. */
export function alertLine(): HTMLParagraphElement {
  return h('p', { class: 'error', role: 'alert' });
}

const EDITOR_ERRORS: Record<string, string> = {
  training_running: 'Es läuft bereits ein Training. Bitte warten Sie, bis es beendet ist.',
  gate_failed:
    'Die Freigabeprüfung ist nicht bestanden; veröffentlichen kann dann nur die Administration mit Begründung.',
  run_not_succeeded: 'Dieses Training ist nicht erfolgreich abgeschlossen.',
  invalid_response: 'Die Antwort des Servers war nicht lesbar.',
  not_found: 'Nicht gefunden (vielleicht inzwischen gelöscht).',
  http_404: 'Diese Funktion ist auf dem Server nicht verfügbar.',
  not_their_tenant:
    'Die gemeinsamen Inhalte aller Kommunen dürfen nur Redakteurinnen und Redakteure ändern, die dafür zuständig sind.',
};

/** Why a call failed, in German, with the server's explanation when it sent one. */
export function failure(result: Extract<Result<unknown>, { ok: false }>): string {
  const label = EDITOR_ERRORS[result.error] ?? errorLabel(result.error);
  // The server's English explanation of a refusal the label already says in full is left out.
  if (result.error === 'not_their_tenant') return label;
  return result.message && result.message !== label ? `${label} (${result.message})` : label;
}

/** A data table with a caption and column headers; cells are text or nodes. */
export function table(caption: string, headers: string[], rows: Child[][], attributes: Attributes = {}) {
  const captionId = uid('caption');
  // Focusable so that keyboard users can scroll a wide table at 320 px; a group, not a region landmark, because
  // sections of the same name would make the landmarks ambiguous.
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'group', 'aria-labelledby': captionId },
    h(
      'table',
      { class: 'data', ...attributes },
      h('caption', { id: captionId }, caption),
      h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map((cell) => h('td', {}, cell))))),
    ),
  );
}

/** A heading and content in a `.panel` section. */
export function section(title: string, ...children: Child[]): HTMLElement {
  const id = uid('section');
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

/** 0.734 → "73,4 %"; null → "–". */
export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  return `${(value * 100).toLocaleString('de-DE', { maximumFractionDigits: 1, minimumFractionDigits: 1 })} %`;
}

export function decimal(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '–';
  return value.toLocaleString('de-DE', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Date and time in German. */
export function dateTime(iso: string | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/**
 * Asks before something that cannot be undone, in a modal `<dialog>` (focus stays inside, Escape cancels); resolves
 * with whether the editor confirmed. `details` may add inputs, whose values the caller reads after confirmation.
 */
export function confirmAction(
  question: string,
  confirmLabel: string,
  options: { details?: Child; danger?: boolean; validate?: () => string | undefined } = {},
): Promise<boolean> {
  const titleId = uid('confirm');
  const error = alertLine();
  const yes = h('button', { type: 'submit', class: options.danger ? 'button-danger' : undefined }, confirmLabel);
  const no = h('button', { type: 'button', class: 'button-secondary' }, 'Abbrechen');
  const form = h(
    'form',
    { method: 'dialog' },
    h('h2', { id: titleId }, question),
    options.details,
    error,
    h('div', { class: 'row' }, yes, no),
  );
  const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': titleId }, form);
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
  document.body.append(dialog);
  return new Promise((resolve) => {
    let confirmed = false;
    form.addEventListener('submit', (event) => {
      const problem = options.validate?.();
      if (problem) {
        event.preventDefault();
        error.textContent = problem;
        return;
      }
      confirmed = true;
    });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      opener?.focus();
      resolve(confirmed);
    });
    dialog.showModal();
    no.focus();
  });
}

const LAYER_LABELS: Record<ContentLayer, string> = {
  shared: 'gemeinsam',
  own: 'eigen',
  both: 'gemeinsam + eigen',
};

/**
 * Where an intent or entry is, on a municipality's own layer: a badge after its name; nothing on the shared layer.
 * An own catalogue entry of a shared id replaces the shared one (`replaces`); an intent in both is refined.
 */
export function layerBadge(layer: ContentLayer | undefined, replaces = false): HTMLElement | null {
  if (!layer) return null;
  const label = replaces && layer === 'both' ? 'eigen statt gemeinsam' : LAYER_LABELS[layer];
  return h('span', { class: `badge badge-layer badge-layer-${layer}` }, label);
}

/**
 * A button that deletes something once the editor confirms `question`: `remove` is the API call; its failure is shown
 * in `error` (as `failed` words it, else "Nicht gelöscht: …"), its success handed to `deleted`.
 */
export function deleteButton(
  label: string,
  question: string,
  options: {
    remove: () => Promise<Result<unknown>>;
    error: HTMLElement;
    deleted: () => void | Promise<void>;
    failed?: (result: Extract<Result<unknown>, { ok: false }>) => string;
    attributes?: Attributes;
  },
): HTMLButtonElement {
  const { remove, error, deleted, failed, attributes } = options;
  return button(
    label,
    () => {
      void confirmAction(question, 'Löschen', { danger: true }).then(async (yes) => {
        if (!yes) return;
        const result = await remove();
        if (!result.ok) {
          error.textContent = failed?.(result) ?? `Nicht gelöscht: ${failure(result)}`;
          return;
        }
        await deleted();
      });
    },
    { class: 'button-danger', ...attributes },
  );
}

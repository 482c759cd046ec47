import { button, h } from '../dom.js';
import type { EditorContext, EditorView } from './context.js';
import type { AuditEntry } from './shapes.js';
import { alertLine, dateTime, failure, section, statusLine, table } from './ui.js';

const PAGE_SIZE = 50;

/** The workbench's audit log, newest first, a page at a time. */
export class AuditView implements EditorView {
  readonly element: HTMLElement;
  private readonly list = h('div');
  private readonly status = statusLine({ tabindex: -1 });
  private readonly error = alertLine();
  private readonly newer: HTMLButtonElement;
  private readonly older: HTMLButtonElement;
  /** `before` of the pages shown so far; the last is the current page. */
  private pages: (number | undefined)[] = [undefined];
  private oldestId: number | undefined;

  constructor(private readonly context: EditorContext) {
    this.newer = button('Neuere Einträge', () => this.page(-1), { class: 'button-secondary' });
    this.older = button('Ältere Einträge', () => this.page(1), { class: 'button-secondary' });
    this.element = section(
      'Protokoll',
      this.status,
      this.error,
      this.list,
      h('nav', { class: 'row', 'aria-label': 'Seiten des Protokolls' }, this.newer, this.older),
    );
  }

  show(): void {
    this.pages = [undefined];
    void this.load();
  }

  private page(direction: 1 | -1): void {
    if (direction === 1) this.pages.push(this.oldestId);
    else if (this.pages.length > 1) this.pages.pop();
    void this.load().then(() => this.status.focus());
  }

  private async load(): Promise<void> {
    const before = this.pages[this.pages.length - 1];
    const result = await this.context.api.audit(PAGE_SIZE, before);
    if (!result.ok) {
      this.error.textContent = `Protokoll nicht geladen: ${failure(result)}`;
      return;
    }
    const { entries } = result.value;
    this.oldestId = entries[entries.length - 1]?.id;
    this.status.textContent = `Seite ${this.pages.length}: ${entries.length} Einträge.`;
    this.newer.disabled = this.pages.length <= 1;
    this.older.disabled = entries.length < PAGE_SIZE;
    this.list.replaceChildren(
      table(
        'Protokoll, neueste zuerst',
        ['Zeit', 'Wer', 'Aktion', 'Einzelheiten'],
        entries.map((entry) => [
          dateTime(entry.at),
          entry.actorName,
          entry.action,
          h('span', { class: 'plain' }, details(entry)),
        ]),
      ),
    );
  }
}

function details(entry: AuditEntry): string {
  return Object.entries(entry.details ?? {})
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

import { button, h } from '../dom.js';
import type { EditorContext, EditorView } from './context.js';
import type { ModelVersion, VersionDiff } from './shapes.js';
import { alertLine, confirmAction, dateTime, failure, field, section, select, statusLine, table } from './ui.js';

const CHANGE_LABELS: Record<string, string> = { added: 'neu', removed: 'entfernt', changed: 'geändert' };

/** The published versions (the history of what the bot knew), their differences, and rollback. */
export class VersionsView implements EditorView {
  readonly element: HTMLElement;
  private readonly list = h('div');
  private readonly status = statusLine({ tabindex: -1, 'data-testid': 'versions-status' });
  private readonly error = alertLine();
  private readonly behind = h('p', { class: 'hint', 'data-testid': 'shared-newer' });
  private readonly from = select([]);
  private readonly to = select([]);
  private readonly diff = h('div', { 'data-testid': 'version-diff' });

  constructor(private readonly context: EditorContext) {
    const form = h(
      'form',
      { class: 'row' },
      field('Von Version', this.from),
      field('Bis Version', this.to),
      h('button', { type: 'submit' }, 'Vergleichen'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.compare();
    });
    this.element = h(
      'div',
      { class: 'stack' },
      section('Versionen', this.status, this.error, this.behind, this.list),
      section('Versionen vergleichen', form, this.diff),
    );
  }

  show(): void {
    void this.load();
  }

  /** The list, comparison and messages are the other layer's. */
  reset(): void {
    for (const area of [this.list, this.diff, this.from, this.to]) area.replaceChildren();
    this.status.textContent = '';
    this.error.textContent = '';
    this.behind.textContent = '';
  }

  private async load(done = ''): Promise<void> {
    const { api } = this.context;
    const tenant = api.tenant;
    const result = await api.versions();
    // The layer changed meanwhile: these are the other layer's versions.
    if (tenant !== api.tenant) return;
    if (!result.ok) {
      this.error.textContent = `Versionen nicht geladen: ${failure(result)}`;
      return;
    }
    const { versions, live, sharedNewer } = result.value;
    const { layer } = this.context;
    const none = layer.shared
      ? 'Keine Version ist live.'
      : 'Noch keine eigene Version: es gelten die gemeinsamen Inhalte.';
    this.status.textContent = `${done} ${live === null ? none : `Live ist Version ${live}.`}`.trim();
    this.behind.textContent =
      sharedNewer === undefined
        ? ''
        : `Die gemeinsamen Inhalte wurden nach Version ${live} von ${layer.name} neu veröffentlicht (gemeinsame Version ${sharedNewer}). Trainieren und veröffentlichen Sie erneut, damit ${layer.name} sie übernimmt.`;
    this.list.replaceChildren(
      table(
        'Veröffentlichte Versionen, neueste zuerst',
        ['Version', 'Veröffentlicht', 'Von', 'Prüfung', 'Ausnahme', 'Zurückgesetzt auf', 'Notiz', 'Aktion'],
        versions.map((version) => this.row(version, live)),
        { 'data-testid': 'versions-table' },
      ),
    );
    const options = versions.map((version) => ({
      value: String(version.version),
      label: `Version ${version.version}`,
    }));
    this.from.replaceChildren(...options.map((option) => h('option', { value: option.value }, option.label)));
    this.to.replaceChildren(...options.map((option) => h('option', { value: option.value }, option.label)));
    this.to.value = options[0]?.value ?? '';
    this.from.value = options[1]?.value ?? options[0]?.value ?? '';
  }

  private row(version: ModelVersion, live: number | null): (string | Node)[] {
    const isLive = version.version === live;
    return [
      h('span', {}, String(version.version), isLive ? h('strong', { class: 'badge badge-live' }, 'live') : null),
      dateTime(version.publishedAt),
      version.publishedBy,
      version.gatePassed === undefined ? 'ohne Prüfung' : version.gatePassed ? 'bestanden' : 'nicht bestanden',
      version.override ? `${version.override.by}: ${version.override.reason}` : '–',
      version.rollbackOf === undefined ? '–' : `Version ${version.rollbackOf}`,
      version.note ?? '–',
      this.context.canPublish && !isLive
        ? button('Zurücksetzen auf diese Version', () => void this.rollback(version.version), {
            class: 'button-secondary button-small',
            'aria-label': `Zurücksetzen auf diese Version (Version ${version.version})`,
          })
        : '–',
    ];
  }

  private async rollback(version: number): Promise<void> {
    const yes = await confirmAction(`Auf Version ${version} zurücksetzen?`, 'Zurücksetzen', {
      details: h('p', {}, 'Ihr Inhalt wird als neue Version veröffentlicht und ist sofort live.'),
    });
    if (!yes) return;
    const result = await this.context.api.rollback(version);
    if (!result.ok) {
      this.error.textContent = `Nicht zurückgesetzt: ${failure(result)}`;
      return;
    }
    await this.load(`Version ${result.value.version} mit dem Inhalt von Version ${version} veröffentlicht.`);
    this.status.focus();
  }

  private async compare(): Promise<void> {
    const from = Number(this.from.value);
    const to = Number(this.to.value);
    if (!from || !to) return;
    const result = await this.context.api.diff(from, to);
    if (!result.ok) {
      this.diff.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Nicht verglichen: ${failure(result)}`));
      return;
    }
    this.diff.replaceChildren(...diffView(result.value));
  }
}

function diffView(diff: VersionDiff): HTMLElement[] {
  const summary = h(
    'p',
    { role: 'status' },
    `Version ${diff.from} → ${diff.to}: ${diff.intents.length} Änderungen an Anliegen, ${diff.services.length} an Leistungen.`,
  );
  const list = (items: string[]) =>
    items.length ? h('ul', { class: 'compact' }, ...items.map((item) => h('li', { class: 'plain' }, item))) : '–';
  return [
    summary,
    table(
      'Anliegen',
      ['Anliegen', 'Sprache', 'Änderung', 'Beispielsätze neu', 'Beispielsätze entfernt', 'Antworten geändert'],
      diff.intents.map((change) => [
        change.intent,
        change.lang,
        CHANGE_LABELS[change.change] ?? change.change,
        list(change.utterancesAdded),
        list(change.utterancesRemoved),
        change.answersChanged ? 'ja' : 'nein',
      ]),
    ),
    table(
      'Leistungen',
      ['Leistung', 'ID', 'Änderung'],
      diff.services.map((change) => [change.title, change.id, CHANGE_LABELS[change.change] ?? change.change]),
    ),
  ];
}

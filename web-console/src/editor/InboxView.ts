import { button, h, uid } from '../dom.js';
import type { EditorContext, EditorView } from './context.js';
import { IntentPicker } from './IntentPicker.js';
import type { InboxGroup } from './shapes.js';
import { alertLine, dateTime, failure, field, LANGUAGE_OPTIONS, section, select, statusLine } from './ui.js';

const REASON_LABELS: Record<string, string> = {
  out_of_scope: 'nicht verstanden',
  low_confidence: 'unsicher',
  ambiguous: '„Meinten Sie …?“',
  handover: 'Wunsch nach Mensch',
};

/**
 * What citizens asked that the bot could not answer, grouped, biggest groups first. Each group can be assigned to an
 * intent (its lines become training utterances), marked as needing a new service, or ignored.
 */
export class InboxView implements EditorView {
  readonly element: HTMLElement;
  private readonly lang = select([{ value: '', label: 'Alle Sprachen' }, ...LANGUAGE_OPTIONS]);
  private readonly groups = h('ol', { class: 'inbox-groups', 'aria-label': 'Gruppen offener Fragen' });
  private readonly status = statusLine({ 'data-testid': 'inbox-status', tabindex: -1 });
  private readonly error = alertLine();
  private intentNames: string[] = [];

  constructor(private readonly context: EditorContext) {
    this.lang.addEventListener('change', () => void this.load());
    const reload = button('Neu laden', () => void this.load(), { class: 'button-secondary' });
    this.element = section(
      'Posteingang: offene Fragen',
      h('div', { class: 'row' }, field('Sprache', this.lang), reload),
      this.status,
      this.error,
      this.groups,
    );
  }

  show(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    this.status.textContent = 'Posteingang wird geladen …';
    this.error.textContent = '';
    const [inbox, intents] = await Promise.all([this.context.api.inbox(this.lang.value), this.context.api.intents()]);
    if (intents.ok) this.intentNames = intents.value.intents.map((intent) => intent.name).sort();
    if (!inbox.ok) {
      this.status.textContent = '';
      this.error.textContent = `Posteingang nicht geladen: ${failure(inbox)}`;
      return;
    }
    const { groups } = inbox.value;
    const questions = groups.reduce((sum, group) => sum + group.count, 0);
    this.status.textContent = groups.length
      ? `${groups.length} ${groups.length === 1 ? 'Gruppe' : 'Gruppen'} mit ${questions} offenen ${questions === 1 ? 'Frage' : 'Fragen'}.`
      : 'Keine offenen Fragen.';
    this.groups.replaceChildren(...groups.map((group) => this.groupItem(group)));
  }

  private groupItem(group: InboxGroup): HTMLLIElement {
    const headingId = uid('group');
    const reasons = Object.entries(group.reasons)
      .filter(([, count]) => count > 0)
      .map(([reason, count]) => `${REASON_LABELS[reason] ?? reason}: ${count}`)
      .join(', ');
    const picker = new IntentPicker(this.intentNames, group.suggestedIntent, 'Anliegen für diese Gruppe');
    const error = alertLine();
    const item = h(
      'li',
      { class: 'inbox-group', 'aria-labelledby': headingId, 'data-testid': 'inbox-group' },
      h('h3', { id: headingId, tabindex: -1 }, h('span', { class: 'plain' }, group.label), ` (${group.count}×)`),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Sprache'),
        h('dd', {}, group.lang === 'en' ? 'Englisch' : 'Deutsch'),
        h('dt', {}, 'Gründe'),
        h('dd', {}, reasons || '–'),
        h('dt', {}, 'Vorschlag'),
        h('dd', {}, group.suggestedIntent ?? '–'),
        h('dt', {}, 'Zeitraum'),
        h('dd', {}, `${dateTime(group.firstAt)} bis ${dateTime(group.lastAt)}`),
      ),
      h(
        'ul',
        { class: 'inbox-lines', 'aria-label': 'Fragen dieser Gruppe' },
        ...group.lines.map((line) =>
          h('li', { 'data-testid': 'inbox-line' }, h('span', { class: 'plain' }, line.text), ` (${line.count}×)`),
        ),
      ),
      h(
        'div',
        { class: 'row group-actions' },
        picker.element,
        button('Zuordnen', () => {
          const intent = picker.value();
          if (!intent) {
            error.textContent = 'Bitte wählen Sie zuerst ein Anliegen.';
            return;
          }
          void this.resolve(
            group,
            item,
            error,
            this.context.api.assign(group.entryIds, intent),
            `${intent} zugeordnet`,
          );
        }),
        button(
          'Neue Leistung nötig',
          () =>
            void this.resolve(
              group,
              item,
              error,
              this.context.api.mark(group.entryIds, 'new_service'),
              'als „Neue Leistung nötig“ vermerkt',
            ),
          { class: 'button-secondary' },
        ),
        button(
          'Ignorieren',
          () => void this.resolve(group, item, error, this.context.api.mark(group.entryIds, 'ignored'), 'ignoriert'),
          { class: 'button-secondary' },
        ),
      ),
      error,
    );
    return item;
  }

  /** After a decision the group leaves the list; focus moves to the next group (or the status line). */
  private async resolve(
    group: InboxGroup,
    item: HTMLLIElement,
    error: HTMLElement,
    call: ReturnType<EditorContext['api']['mark']>,
    done: string,
  ): Promise<void> {
    const result = await call;
    if (!result.ok) {
      error.textContent = `Nicht gespeichert: ${failure(result)}`;
      return;
    }
    const next = item.nextElementSibling ?? item.previousElementSibling;
    item.remove();
    const message = `Gruppe „${group.label}“ (${result.value.resolved} Fragen) ${done}.`;
    this.status.textContent = message;
    const heading = next?.querySelector<HTMLElement>('h3');
    if (heading) heading.focus();
    else this.status.focus();
  }
}

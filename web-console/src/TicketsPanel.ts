import type { TicketStatus } from '../../src/handover/types.js';
import { type ApiResult, api, TICKET_STATUSES, type TicketSummary } from './api.js';
import { button, h, labelledSelect, uid } from './dom.js';
import { errorLabel, formatTime, languageLabel, TICKET_STATUS_LABELS } from './labels.js';

/**
 * Contact requests citizens left when nobody could take their chat: a list by status; each can be taken on ("Mir
 * zuweisen") and moved to another status.
 */
export class TicketsPanel {
  readonly element: HTMLElement;
  private readonly filter: HTMLSelectElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private loading = 0;

  constructor(private readonly csrfToken: () => string) {
    const filter = labelledSelect(
      'Status',
      TICKET_STATUSES.map((value) => ({ value, label: TICKET_STATUS_LABELS[value] })),
    );
    this.filter = filter.select;
    this.filter.addEventListener('change', () => void this.load());
    this.status = h('p', { class: 'hint', role: 'status' });
    this.list = h('div', { class: 'tickets', 'data-testid': 'tickets' });
    this.element = h(
      'div',
      { class: 'tickets-panel' },
      h('h2', {}, 'Kontaktanfragen'),
      h(
        'div',
        { class: 'row' },
        filter.field,
        button('Aktualisieren', () => void this.load(), { class: 'button-secondary' }),
      ),
      this.status,
      this.list,
    );
  }

  async load(): Promise<void> {
    const ticket = ++this.loading;
    const status = this.chosenStatus();
    this.status.textContent = 'Wird geladen …';
    const result = await api.tickets(status);
    if (ticket !== this.loading) return;
    if (!result.ok) {
      this.status.textContent = `Kontaktanfragen konnten nicht geladen werden: ${errorLabel(result.error)}`;
      return;
    }
    const tickets = result.value;
    const count = `${tickets.length} ${tickets.length === 1 ? 'Kontaktanfrage' : 'Kontaktanfragen'}`;
    this.status.textContent = `${count} mit Status „${TICKET_STATUS_LABELS[status]}“.`;
    this.list.replaceChildren(...tickets.map((item) => this.ticketCard(item)));
  }

  private chosenStatus(): TicketStatus {
    return TICKET_STATUSES.find((status) => status === this.filter.value) ?? 'open';
  }

  private ticketCard(ticket: TicketSummary): HTMLElement {
    const titleId = uid('ticket');
    const change = labelledSelect(
      `Neuer Status für ${ticket.number}`,
      TICKET_STATUSES.map((value) => ({ value, label: TICKET_STATUS_LABELS[value] })),
    );
    change.select.value = ticket.status;
    const error = h('p', { class: 'error', role: 'alert' });
    const update = (control: HTMLButtonElement, patch: { status: TicketStatus } | { assignToMe: true }) => {
      control.disabled = true;
      void api.updateTicket(this.csrfToken(), ticket.id, patch).then((result: ApiResult<null>) => {
        control.disabled = false;
        if (!result.ok) {
          error.textContent = `Nicht geändert: ${errorLabel(result.error)}`;
          return;
        }
        void this.load();
      });
    };
    const save = button('Status ändern', () => {
      const next = TICKET_STATUSES.find((status) => status === change.select.value);
      if (next && next !== ticket.status) update(save, { status: next });
    });
    const assign = button('Mir zuweisen', () => update(assign, { assignToMe: true }), {
      class: 'button-secondary',
      'aria-describedby': titleId,
    });
    const contact = [ticket.email, ticket.phone].filter((value) => value !== undefined).join(', ');
    return h(
      'article',
      { class: 'ticket', 'aria-labelledby': titleId, 'data-testid': 'ticket' },
      h('h3', { id: titleId }, `${ticket.number}: ${ticket.name}`),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Eingang'),
        h('dd', {}, formatTime(ticket.createdAt)),
        h('dt', {}, 'Kontakt'),
        h('dd', {}, contact || '–'),
        h('dt', {}, 'Thema'),
        h('dd', {}, ticket.topic ?? '–'),
        h('dt', {}, 'Sprache'),
        h('dd', {}, languageLabel(ticket.lang)),
        h('dt', {}, 'Zugewiesen'),
        h('dd', {}, ticket.assignedTo ?? 'niemandem'),
      ),
      h('p', { class: 'ticket-question' }, ticket.question),
      h('div', { class: 'row' }, change.field, save, ticket.assignedTo ? '' : assign),
      error,
    );
  }
}

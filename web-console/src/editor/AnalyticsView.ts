import { h } from '../dom.js';
import { formatDuration } from '../labels.js';
import { horizontalBarChart, stackedBarChart } from './charts.js';
import type { EditorContext, EditorView } from './context.js';
import type { AnalyticsReport } from './shapes.js';
import { alertLine, failure, field, percent, section, statusLine } from './ui.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What the bot recorded in a period: conversations, answers, top services, handovers and the form dialogs' funnels. */
export class AnalyticsView implements EditorView {
  readonly element: HTMLElement;
  private readonly from = h('input', { type: 'date', required: true });
  private readonly to = h('input', { type: 'date', required: true });
  private readonly status = statusLine();
  private readonly error = alertLine();
  private readonly charts = h('div', { class: 'stack' });
  private loaded = false;

  constructor(private readonly context: EditorContext) {
    const today = new Date();
    this.to.value = isoDay(today);
    this.from.value = isoDay(new Date(today.getTime() - 29 * DAY_MS));
    const form = h(
      'form',
      { class: 'row' },
      field('Von', this.from),
      field('Bis', this.to),
      h('button', { type: 'submit' }, 'Anzeigen'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.load();
    });
    this.element = h('div', { class: 'stack' }, section('Auswertung', form, this.status, this.error), this.charts);
  }

  show(): void {
    if (!this.loaded) void this.load();
  }

  private async load(): Promise<void> {
    this.loaded = true;
    if (!this.from.value || !this.to.value || this.from.value > this.to.value) {
      this.error.textContent = 'Bitte wählen Sie einen gültigen Zeitraum („Von“ vor „Bis“).';
      return;
    }
    this.error.textContent = '';
    this.status.textContent = 'Auswertung wird geladen …';
    const result = await this.context.api.analytics(this.from.value, this.to.value);
    if (!result.ok) {
      this.status.textContent = '';
      this.error.textContent = `Auswertung nicht geladen: ${failure(result)}`;
      return;
    }
    const report = result.value;
    this.status.textContent = `Auswertung vom ${germanDay(report.from)} bis ${germanDay(report.to)}.`;
    this.charts.replaceChildren(...render(report));
  }
}

function render(report: AnalyticsReport): HTMLElement[] {
  const days = report.days.map((day) => germanDay(day.day));
  const { handovers } = report;
  const wait = (ms: number | null) => (ms === null ? '–' : `${formatDuration(ms / 1000)} min`);
  return [
    section(
      'Gespräche',
      stackedBarChart('Gespräche pro Tag', days, [
        { label: 'Gespräche', values: report.days.map((day) => day.conversations) },
      ]),
      stackedBarChart('Beantwortet und nicht verstanden pro Tag', days, [
        { label: 'Beantwortet', values: report.days.map((day) => day.answered) },
        { label: 'Außerhalb des Themas', values: report.days.map((day) => day.outOfScope) },
        { label: 'Mehrdeutig', values: report.days.map((day) => day.ambiguous) },
      ]),
    ),
    section(
      'Häufigste Leistungen',
      horizontalBarChart(
        'Häufigste Leistungen',
        report.topServices.map((service) => ({ label: service.title || service.serviceId, value: service.count })),
      ),
    ),
    section(
      'Übergabe an Mitarbeitende',
      h(
        'dl',
        { class: 'figures' },
        ...figure('Angefragt', String(handovers.requested)),
        ...figure('Angenommen', String(handovers.accepted)),
        ...figure('Übergaben je Gespräch', percent(handovers.rate)),
        ...figure('Wartezeit im Mittel', wait(handovers.waitMs.mean)),
        ...figure('Wartezeit Median', wait(handovers.waitMs.p50)),
        ...figure('Wartezeit 90 %', wait(handovers.waitMs.p90)),
      ),
    ),
    section(
      'Formular-Dialoge',
      ...(report.funnels.length
        ? report.funnels.map((funnel) =>
            h(
              'div',
              { class: 'funnel' },
              horizontalBarChart(`Verlauf: ${funnel.dialogId}`, [
                { label: 'Begonnen', value: funnel.started },
                ...funnel.steps.map((step) => ({ label: `Feld ${step.field}`, value: step.reached })),
                { label: 'Abgeschickt', value: funnel.submitted },
              ]),
              h('p', {}, `Abgebrochen: ${funnel.cancelled}`),
            ),
          )
        : [h('p', { class: 'muted' }, 'Im Zeitraum wurde kein Formular begonnen.')]),
    ),
  ];
}

function figure(term: string, value: string): HTMLElement[] {
  return [h('div', { class: 'figure' }, h('dt', {}, term), h('dd', {}, value))];
}

/** YYYY-MM-DD of the local date. */
function isoDay(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0');
  const day = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${month}-${day}`;
}

/** 2025-03-07 → 07.03.2025 */
function germanDay(day: string): string {
  const [year, month, date] = day.split('-');
  return year && month && date ? `${date}.${month}.${year}` : day;
}

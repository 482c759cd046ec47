import { button, h, uid } from '../dom.js';
import type { EditorContext, EditorView } from './context.js';
import { gateReportView } from './GateReportView.js';
import { publishForm } from './PublishForm.js';
import type { TrainingRun } from './shapes.js';
import { alertLine, dateTime, failure, percent, section, table } from './ui.js';

const POLL_MS = 1_000;

export const PHASE_LABELS: Record<TrainingRun['phase'], string> = {
  training: 'Modell wird trainiert',
  'cross-validation': 'Kreuzvalidierung',
  conversations: 'Gesprächstests',
  'must-pass': 'Pflichtfragen',
  done: 'abgeschlossen',
};

export const STATUS_LABELS: Record<TrainingRun['status'], string> = {
  running: 'läuft',
  succeeded: 'erfolgreich',
  failed: 'fehlgeschlagen',
};

/**
 * Training the draft: start a run, follow its phase and progress (polled every second, phase changes announced
 * politely), see the release gate's report and publish.
 */
export class TrainingView implements EditorView {
  readonly element: HTMLElement;
  private readonly start: HTMLButtonElement;
  private readonly error = alertLine();
  /** Phase changes and the outcome only: progress ticks would flood screen readers. */
  private readonly live = h('p', { role: 'status', class: 'training-live', 'data-testid': 'training-live' });
  private readonly progressArea = h('div', { class: 'progress-area' });
  private readonly runs = h('div');
  private readonly report = h('div');
  private timer: ReturnType<typeof setTimeout> | undefined;
  private polled: { id: string; phase: string } | undefined;
  private progress:
    | { label: HTMLElement; bar: HTMLProgressElement; value: HTMLElement; error: HTMLElement }
    | undefined;

  constructor(private readonly context: EditorContext) {
    this.start = button('Training starten', () => void this.startRun());
    this.element = h(
      'div',
      { class: 'stack' },
      section(
        'Training',
        h(
          'p',
          {},
          'Ein Training übernimmt den aktuellen Entwurf (Anliegen und Katalog), trainiert ein Modell und prüft es. Die Bürgerinnen und Bürger merken davon nichts, bis eine Version veröffentlicht wird.',
        ),
        this.start,
        this.error,
        this.live,
        this.progressArea,
      ),
      section('Bisherige Trainings', this.runs),
      this.report,
    );
  }

  show(): void {
    void this.loadRuns(true);
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** The run followed and its report are the other layer's. */
  reset(): void {
    this.stop();
    this.polled = undefined;
    this.progress = undefined;
    this.progressArea.replaceChildren();
    this.report.replaceChildren();
    this.live.textContent = '';
  }

  private async startRun(): Promise<void> {
    this.start.disabled = true;
    this.error.textContent = '';
    const result = await this.context.api.startTraining();
    if (!result.ok) {
      this.start.disabled = false;
      this.error.textContent = `Training nicht gestartet: ${failure(result)}`;
      return;
    }
    this.live.textContent = `Training gestartet: ${PHASE_LABELS[result.value.phase]}.`;
    this.follow(result.value);
    void this.loadRuns(false);
  }

  /** Loads the list; a running run is followed, else the newest run's report is shown when `showNewest`. */
  private async loadRuns(showNewest: boolean): Promise<void> {
    const { api } = this.context;
    const layer = api.tenant;
    const result = await api.runs(10);
    // The layer changed meanwhile: these are the other layer's runs.
    if (layer !== api.tenant) return;
    if (!result.ok) {
      this.error.textContent = `Trainings nicht geladen: ${failure(result)}`;
      return;
    }
    const { runs } = result.value;
    this.runs.replaceChildren(
      runs.length
        ? table(
            'Trainings, neueste zuerst',
            ['Gestartet', 'Von', 'Status', 'Phase', 'Fortschritt', 'Prüfung', 'Bericht'],
            runs.map((run) => [
              dateTime(run.startedAt),
              run.startedBy,
              STATUS_LABELS[run.status],
              PHASE_LABELS[run.phase],
              percent(run.progress),
              run.gate ? (run.gate.passed ? 'bestanden' : 'nicht bestanden') : '–',
              button('Bericht anzeigen', () => this.showReport(run, true), {
                class: 'button-secondary button-small',
                'aria-label': `Bericht anzeigen: Training vom ${dateTime(run.startedAt)}`,
              }),
            ]),
            { 'data-testid': 'runs-table' },
          )
        : h('p', { class: 'muted' }, 'Noch keine Trainings.'),
    );
    const running = runs.find((run) => run.status === 'running');
    if (running && this.polled?.id !== running.id) this.follow(running);
    if (!running) this.start.disabled = false;
    const newest = runs[0];
    if (showNewest && newest && !running) this.showReport(newest, false);
  }

  /** Polls a running run every second until it finishes. */
  private follow(run: TrainingRun): void {
    clearTimeout(this.timer);
    this.start.disabled = true;
    this.polled = { id: run.id, phase: run.phase };
    this.renderProgress(run);
    const poll = async () => {
      const result = await this.context.api.run(run.id);
      // Followed no longer (the layer changed, `reset`): nothing to show, nothing to poll.
      if (this.polled?.id !== run.id) return;
      if (!result.ok) {
        this.error.textContent = `Trainingsstand nicht abrufbar: ${failure(result)}`;
        this.timer = setTimeout(poll, POLL_MS * 3);
        return;
      }
      const current = result.value;
      this.renderProgress(current);
      if (current.status !== 'running') {
        this.polled = undefined;
        this.start.disabled = false;
        this.live.textContent =
          current.status === 'succeeded'
            ? `Training abgeschlossen. Freigabeprüfung ${current.gate?.passed ? 'bestanden' : 'nicht bestanden'}.`
            : `Training fehlgeschlagen: ${current.error ?? 'unbekannter Fehler'}`;
        this.showReport(current, false);
        void this.loadRuns(false);
        return;
      }
      if (this.polled?.phase !== current.phase) {
        this.live.textContent = `Training: ${PHASE_LABELS[current.phase]}.`;
        this.polled = { id: current.id, phase: current.phase };
      }
      this.timer = setTimeout(poll, POLL_MS);
    };
    this.timer = setTimeout(poll, POLL_MS);
  }

  /** Updates the progress bar in place (re-creating it every second would disturb screen readers reading it). */
  private renderProgress(run: TrainingRun): void {
    const value = Math.round(run.progress * 100);
    if (!this.progress) {
      const labelId = uid('progress');
      this.progress = {
        label: h('p', { id: labelId }),
        bar: h('progress', { max: 100, 'aria-labelledby': labelId, 'data-testid': 'training-progress' }),
        value: h('span', { class: 'progress-value', 'aria-hidden': 'true' }),
        error: h('p', { class: 'error' }),
      };
      this.progressArea.replaceChildren(
        this.progress.label,
        this.progress.bar,
        this.progress.value,
        this.progress.error,
      );
    }
    this.progress.label.textContent = `Training vom ${dateTime(run.startedAt)}: ${PHASE_LABELS[run.phase]} (${STATUS_LABELS[run.status]})`;
    this.progress.bar.value = value;
    this.progress.bar.textContent = `${value} %`;
    this.progress.value.textContent = ` ${value} %`;
    this.progress.error.textContent = run.error ? `Fehler: ${run.error}` : '';
  }

  private showReport(run: TrainingRun, focus: boolean): void {
    const headingId = uid('report');
    const heading = h('h2', { id: headingId, tabindex: -1 }, `Bericht des Trainings vom ${dateTime(run.startedAt)}`);
    this.report.replaceChildren(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': headingId, 'data-testid': 'run-report' },
        heading,
        h('p', {}, `Status: ${STATUS_LABELS[run.status]}, gestartet von ${run.startedBy}.`),
        run.error ? h('p', { class: 'error' }, `Fehler: ${run.error}`) : null,
        run.gate ? gateReportView(run.gate) : h('p', { class: 'muted' }, 'Noch kein Prüfbericht.'),
        publishForm(this.context, run, () => void this.loadRuns(false)),
      ),
    );
    if (focus) heading.focus();
  }
}

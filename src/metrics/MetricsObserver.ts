import type { HandoverRequested, TurnObserver, UnderstoodTurn } from '../editor/analytics/TurnObserver.js';
import { BoundedLabel } from './BoundedLabel.js';
import type { GovBotMetrics } from './GovBotMetrics.js';

/** Distinct intents counted by name; a model with more (hundreds of services) counts the rest as `other`. */
const MAX_INTENTS = 500;

/**
 * Counts what the bot made of citizens' messages: answers by intent and outcome, out-of-scope messages and requests for
 * a person. A second observer beside the editors' WorkbenchRecorder, so the bot itself knows nothing of metrics.
 */
export class MetricsObserver implements TurnObserver {
  private readonly intents = new BoundedLabel(MAX_INTENTS);

  constructor(private readonly metrics: GovBotMetrics) {}

  understood(turn: UnderstoodTurn): void {
    this.metrics.answers.inc({ intent: this.intents.of(turn.result.intent), outcome: turn.outcome });
    if (turn.outcome === 'out_of_scope') this.metrics.outOfScope.inc();
    if (turn.outcome === 'handover') this.handoverRequested();
  }

  handoverRequested(_request?: HandoverRequested): void {
    this.metrics.handovers.inc({ event: 'requested' });
  }

  dialogEvent(): void {}
}

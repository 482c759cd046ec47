import type { TurnObserver } from '../editor/analytics/TurnObserver.js';

/**
 * One observer that tells several (the editors' recorder, the metrics), each on its own: one that throws does not
 * keep the others from hearing about the turn.
 */
export function observeAll(...observers: TurnObserver[]): TurnObserver {
  const tell = (call: (observer: TurnObserver) => void) => {
    for (const observer of observers) {
      try {
        call(observer);
      } catch {
        // Observing is best effort, as in TurnReports.
      }
    }
  };
  return {
    understood: (turn) => tell((observer) => observer.understood(turn)),
    handoverRequested: (request) => tell((observer) => observer.handoverRequested(request)),
    dialogEvent: (event) => tell((observer) => observer.dialogEvent(event)),
  };
}

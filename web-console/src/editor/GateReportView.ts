import { h } from '../dom.js';
import type { CrossValidation, GateReport } from './shapes.js';
import { decimal, percent, table } from './ui.js';

const CHECK_LABELS: Record<string, string> = {
  'cross-validation': 'Kreuzvalidierung',
  conversations: 'Gesprächstests',
  'must-pass': 'Pflichtfragen',
};

/** Everything the release gate measured on a run, as headings, lists and tables (worst first). */
export function gateReportView(gate: GateReport): HTMLElement {
  const failedConversations = gate.conversations.filter((test) => !test.passed);
  const perIntent = [...gate.perIntent].sort((a, b) => (a.f1 ?? -1) - (b.f1 ?? -1));
  return h(
    'div',
    { class: 'gate-report', 'data-testid': 'gate-report' },
    h(
      'p',
      { class: gate.passed ? 'gate-passed' : 'gate-failed', 'data-testid': 'gate-verdict' },
      gate.passed ? '✓ Freigabeprüfung bestanden' : '✗ Freigabeprüfung nicht bestanden',
    ),
    h('h3', {}, 'Prüfungen'),
    h(
      'ul',
      { class: 'checks' },
      ...gate.checks.map((check) =>
        h(
          'li',
          { class: check.passed ? 'check-passed' : 'check-failed' },
          h(
            'strong',
            {},
            `${check.passed ? '✓ bestanden' : '✗ nicht bestanden'}: ${CHECK_LABELS[check.name] ?? check.name}`,
          ),
          ' – ',
          check.summary,
        ),
      ),
    ),
    crossValidationTable(gate.crossValidation, gate.live),
    table(
      'F1 je Anliegen (schlechteste zuerst)',
      ['Anliegen', 'Beispiele', 'F1', 'F1 live', 'Veränderung'],
      perIntent.map((row) => [
        row.intent,
        String(row.support),
        decimal(row.f1),
        decimal(row.liveF1),
        row.delta === undefined ? '–' : signed(row.delta),
      ]),
    ),
    gate.confusions.length
      ? table(
          'Häufige Verwechslungen',
          ['Erwartet', 'Erkannt', 'Anzahl', 'Anzahl live', 'Beispiel'],
          gate.confusions.map((pair) => [
            pair.label,
            pair.predicted,
            String(pair.count),
            pair.liveCount === undefined ? '–' : String(pair.liveCount),
            h('span', { class: 'plain' }, pair.example),
          ]),
        )
      : h('p', {}, 'Keine Verwechslungen.'),
    h(
      'h3',
      {},
      `Gesprächstests: ${gate.conversations.length - failedConversations.length} von ${gate.conversations.length} bestanden`,
    ),
    failedConversations.length
      ? table(
          'Fehlgeschlagene Gesprächstests',
          ['Datei', 'Szenario', 'Fehler'],
          failedConversations.map((test) => [
            test.file,
            test.scenario,
            h('span', { class: 'plain' }, test.message ?? ''),
          ]),
        )
      : null,
    gate.mustPass.length
      ? table(
          'Pflichtfragen',
          ['Ergebnis', 'Frage', 'Sprache', 'Erwartet', 'Erkannt', 'Sicherheit'],
          gate.mustPass.map((result) => [
            result.passed ? '✓ bestanden' : '✗ nicht bestanden',
            h('span', { class: 'plain' }, result.text),
            result.lang,
            result.expected,
            result.got,
            decimal(result.score),
          ]),
        )
      : h('p', {}, 'Keine Pflichtfragen hinterlegt.'),
    sharedUtterancesView(gate.sharedUtterances),
  );
}

/** How many utterances shared by several intents are listed; the rest are counted. */
const SHARED_SHOWN = 50;

/**
 * Utterances that train several intents, those with the most intents first: the bot cannot tell by them which is
 * meant, so the editor gives each to one intent or words it more precisely.
 */
function sharedUtterancesView(shared: GateReport['sharedUtterances']): HTMLElement {
  const heading = h('h3', {}, `Beispielsätze für mehrere Anliegen: ${shared.length}`);
  if (shared.length === 0) {
    return h('div', {}, heading, h('p', {}, 'Kein Beispielsatz trainiert mehr als ein Anliegen.'));
  }
  const sorted = [...shared].sort((a, b) => b.intents.length - a.intents.length);
  const rest = sorted.length - SHARED_SHOWN;
  return h(
    'div',
    { 'data-testid': 'shared-utterances' },
    heading,
    h(
      'p',
      {},
      'Diese Sätze trainieren mehrere Anliegen: Der Bot erkennt an ihnen nicht, welches gemeint ist. ' +
        'Ordnen Sie jeden einem Anliegen zu oder fassen Sie ihn genauer. Titel und Schlagwörter von Katalogeinträgen ' +
        'trainieren ihren Eintrag mit.',
    ),
    table(
      'Beispielsätze für mehrere Anliegen (die meisten Anliegen zuerst)',
      ['Beispielsatz', 'Sprache', 'Anliegen'],
      sorted
        .slice(0, SHARED_SHOWN)
        .map((row) => [h('span', { class: 'plain' }, row.utterance), row.lang, row.intents.join(', ')]),
    ),
    rest > 0 ? h('p', {}, `… und ${rest} weitere.`) : null,
  );
}

function crossValidationTable(draft: CrossValidation, live: GateReport['live']): HTMLElement {
  const rows: [string, (cv: CrossValidation) => string][] = [
    ['Genauigkeit', (cv) => percent(cv.accuracy)],
    ['Makro-F1', (cv) => decimal(cv.macroF1)],
    ['Themenfremdes abgelehnt', (cv) => percent(cv.outOfScopeRejection)],
    ['Fälschlich abgelehnt', (cv) => percent(cv.falseRejection)],
    ['Beispiele', (cv) => String(cv.examples)],
    ['Folds', (cv) => String(cv.folds)],
  ];
  return table(
    `Kreuzvalidierung: Entwurf und Live-Version${live ? ` ${live.version}` : ''}`,
    ['Kennzahl', 'Entwurf', 'Live'],
    rows.map(([label, format]) => [label, format(draft), live ? format(live.crossValidation) : '–']),
  );
}

function signed(value: number | null): string {
  if (value === null) return '–';
  const text = decimal(Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

import type { Page, Route } from 'playwright-core';
import { EditorIntent, IntentSummary, NamedEntity } from '../../../src/editor/intents/schemas.js';
import type { AnalyticsReport as AnalyticsReportType } from '../../../src/editor/ports.js';
import {
  GateReport,
  InboxGroup,
  ModelVersion,
  MustPassQuestion,
  TrainingRun,
  type TrainingRun as TrainingRunType,
  VersionDiff,
} from '../../../src/editor/types.js';
import {
  AnalyticsReport,
  AuditEntry,
  ImportResult,
  Service,
  ServiceSummary,
  TryResponse,
} from '../../../src/http/editor/schemas.js';

export const XSS = '<img src=x onerror=window.__xss=1>';
const AT = '2025-03-03T09:15:00.000Z';

/**
 * `/api/editor` answered from fixtures in the page (Playwright routes), for checking the views with data while the
 * real API is not needed or not there yet. The fixtures go through the server's zod schemas, so they have the
 * shapes the real API sends. `requests` records what the page sent; `runs` can be changed to script a training.
 */
export class FakeEditorApi {
  /** `tenant` is the layer the request named (`?tenant=`), if any. */
  readonly requests: { method: string; path: string; body: unknown; tenant?: string }[] = [];
  /** What `GET /layers` answers: by default the shared layer alone, as for a single city's editor. */
  layers: { tenant: string; name: string; shared: boolean; writable: boolean }[] = [
    { tenant: 'default', name: 'shared', shared: true, writable: true },
  ];
  /** Requests no fixture answered (with 404): the page asked for something the API does not offer. */
  readonly unanswered: string[] = [];
  runs: TrainingRunType[] = [run('run-1', { status: 'succeeded', phase: 'done', progress: 1, gate: gate(false) })];
  /** Answers of `GET /api/editor/training/:id` still to come, in order (the last one stays). */
  polls: TrainingRunType[] = [];

  async install(page: Page): Promise<void> {
    await page.route('**/api/editor/**', (route) => this.answer(route));
  }

  private async answer(route: Route): Promise<void> {
    const request = route.request();
    const url = new URL(request.url());
    const path = url.pathname.replace('/api/editor', '');
    const method = request.method();
    const body: unknown = request.postData() ? JSON.parse(request.postData() ?? 'null') : undefined;
    const tenant = url.searchParams.get('tenant') ?? undefined;
    this.requests.push({ method, path, body, ...(tenant && { tenant }) });
    const json = (value: unknown, status = 200) =>
      route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(value) });
    const key = `${method} ${path}`;
    if (key === 'GET /layers') return json({ layers: this.layers });
    if (key === 'GET /intents') return json({ intents: tenant ? OWN_INTENTS : INTENTS });
    if (key === 'GET /intents/greeting') return json(tenant ? OWN_GREETING : GREETING);
    // Musterdorf has added to the shared greeting: the data centre may not delete it.
    if (key === 'DELETE /intents/greeting' && !tenant) {
      return json({ error: 'in_use', message: 'these municipalities have added to it: musterdorf' }, 409);
    }
    if (method === 'PUT' && path.startsWith('/intents/')) {
      const name = decodeURIComponent(path.slice('/intents/'.length));
      return json({ name, kind: 'conversation', ...asObject(body) });
    }
    if (method === 'DELETE') return route.fulfill({ status: 204 });
    if (key === 'GET /catalogue/services') return json({ services: SERVICES });
    if (key === 'GET /catalogue/services/bewohnerparkausweis') return json(SERVICE);
    if (method === 'PUT' && path.startsWith('/catalogue/services/')) return json(body);
    if (key === 'POST /catalogue/import') {
      return json(ImportResult.parse({ services: 12, offices: 3, warnings: [`Leistung 4711 ohne Titel ${XSS}`] }));
    }
    if (key === 'POST /try')
      return json(TryResponse.parse({ live: TRY_LIVE, draft: { ...TRY_DRAFT, runId: 'run-1' } }));
    if (key === 'GET /inbox') return json({ groups: INBOX });
    if (key === 'POST /inbox/assign' || key === 'POST /inbox/mark') return json({ resolved: 3 });
    if (key === 'GET /entities') return json({ entities: ENTITIES });
    if (key === 'GET /must-pass') return json({ questions: MUST_PASS });
    if (key === 'POST /must-pass') return json({ ...MUST_PASS[0], id: 'mp-2', ...asObject(body) }, 201);
    if (key === 'POST /training') {
      const started = run('run-2', {});
      this.runs = [started, ...this.runs];
      return json(started, 202);
    }
    if (key === 'GET /training') return json({ runs: this.runs });
    if (method === 'GET' && path.startsWith('/training/')) {
      const next = this.polls.length > 1 ? this.polls.shift() : this.polls[0];
      if (next && next.status !== 'running') this.runs = this.runs.map((r) => (r.id === next.id ? next : r));
      return json(next ?? this.runs[0]);
    }
    if (key === 'GET /versions') return json({ versions: VERSIONS, live: 3, ...(tenant && { sharedNewer: 7 }) });
    if (key === 'POST /versions') return json(ModelVersion.parse({ ...VERSIONS[0], version: 4 }), 201);
    if (method === 'POST' && path.endsWith('/rollback')) {
      return json(ModelVersion.parse({ ...VERSIONS[0], version: 4, rollbackOf: 2 }), 201);
    }
    if (key === 'GET /versions/diff') return json(DIFF);
    if (key === 'GET /analytics') return json(analytics());
    if (key === 'GET /audit') return json({ entries: AUDIT });
    this.unanswered.push(key);
    return json({ error: 'not_found' }, 404);
  }
}

const ENTITIES = [
  {
    type: 'enum',
    name: 'dokument',
    lang: 'de',
    file: 'de/conversation.json',
    options: [
      { value: 'Reisepass', synonyms: ['Reisepass', 'Pass'] },
      { value: 'Personalausweis', synonyms: ['Personalausweis', 'Perso', XSS] },
    ],
    usedBy: ['greeting'],
  },
  { type: 'regex', name: 'aktenzeichen', lang: 'de', file: 'de/conversation.json', regex: 'AZ-\\d{4}', usedBy: [] },
].map((entity) => NamedEntity.parse(entity));

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}

export function run(id: string, patch: Partial<TrainingRunType>): TrainingRunType {
  return TrainingRun.parse({
    id,
    status: 'running',
    phase: 'training',
    progress: 0,
    startedAt: AT,
    startedBy: 'paula.freigabe',
    corporaHash: 'c1',
    catalogueHash: 'k1',
    ...patch,
  });
}

export function gate(passed: boolean): GateReport {
  const cv = {
    folds: 5,
    seed: 42,
    examples: 812,
    accuracy: 0.874,
    macroF1: 0.861,
    outOfScopeRejection: 0.91,
    falseRejection: 0.04,
  };
  return GateReport.parse({
    passed,
    checks: [
      { name: 'cross-validation', passed: true, summary: 'Genauigkeit 87,4 % (live 86,9 %)' },
      { name: 'conversations', passed: true, summary: '12 von 12 Szenarien bestanden' },
      { name: 'must-pass', passed, summary: passed ? '2 von 2' : '1 von 2 Pflichtfragen' },
    ],
    crossValidation: cv,
    live: { version: 3, crossValidation: { ...cv, accuracy: 0.869 } },
    perIntent: [
      { intent: 'service.bewohnerparkausweis', support: 40, f1: 0.97, liveF1: 0.96, delta: 0.01 },
      { intent: 'greeting', support: 28, f1: 0.71, liveF1: 0.8, delta: -0.09 },
    ],
    confusions: [{ label: 'greeting', predicted: 'None', count: 3, example: XSS, liveCount: 1 }],
    conversations: [{ file: 'hund-anmelden.yaml', scenario: 'meldet einen Hund an', passed: true }],
    sharedUtterances: [{ lang: 'de', utterance: XSS, intents: ['greeting', 'service.bewohnerparkausweis'] }],
    mustPass: [
      {
        id: 'mp-1',
        text: 'Parkausweis beantragen',
        lang: 'de',
        expected: 'service.bewohnerparkausweis',
        got: 'None',
        score: 0.4,
        passed,
      },
    ],
  });
}

const INTENTS = IntentSummary.array().parse([
  { name: 'greeting', kind: 'conversation', utterances: { de: 28, en: 10 }, answers: { de: 3, en: 3 } },
  {
    name: 'service.bewohnerparkausweis',
    kind: 'service',
    serviceId: 'bewohnerparkausweis',
    utterances: { de: 12, en: 4 },
    answers: { de: 0, en: 0 },
  },
]);
const GREETING = EditorIntent.parse({
  name: 'greeting',
  kind: 'conversation',
  utterances: { de: ['Hallo', XSS], en: ['Hello'] },
  answers: { de: ['Guten Tag! Wie kann ich helfen?'], en: ['Hello! How can I help?'] },
  entities: ['anrede'],
});
/** Seen from a municipality's own layer: greeting refined locally, and an intent of its own. */
const OWN_INTENTS = IntentSummary.array().parse([
  { ...INTENTS[0], layer: 'both' },
  { ...INTENTS[1], layer: 'shared' },
  {
    name: 'wertstoffhof',
    kind: 'conversation',
    utterances: { de: 4, en: 0 },
    answers: { de: 1, en: 0 },
    layer: 'own',
  },
]);
const OWN_GREETING = EditorIntent.parse({
  name: 'greeting',
  kind: 'conversation',
  utterances: { de: [], en: [] },
  answers: { de: ['Grüß Gott in Musterdorf!'], en: [] },
  layer: 'both',
  shared: { utterances: GREETING.utterances, answers: GREETING.answers },
});
const SERVICES = [
  ServiceSummary.parse({ id: 'bewohnerparkausweis', title: 'Bewohnerparkausweis', leika: ['99102013000000'] }),
];
const SERVICE = Service.parse({
  id: 'bewohnerparkausweis',
  leika: ['99102013000000'],
  title: { de: 'Bewohnerparkausweis', en: 'Residents’ parking permit' },
  summary: { de: 'Parken im eigenen Viertel.' },
  costs: { de: '30,70 Euro im Jahr' },
  documents: { de: ['Personalausweis', 'Fahrzeugschein'] },
  onlineService: { title: { de: 'Online beantragen' }, url: 'https://example.org/parken' },
  legalBasis: [],
  officeIds: ['buergerbuero'],
  forms: [],
  links: [],
  synonyms: { de: ['Anwohnerparken'], en: [] },
});
const TRY_LIVE = {
  text: 'Anwohnerparken',
  lang: 'de',
  intent: 'None',
  score: 0.42,
  service: null,
  candidates: [{ id: 'bewohnerparkausweis', score: 0.42 }],
  outOfScope: true,
  ambiguous: false,
  entities: [],
};
const TRY_DRAFT = {
  ...TRY_LIVE,
  intent: 'service.bewohnerparkausweis',
  score: 0.93,
  service: { id: 'bewohnerparkausweis', title: 'Bewohnerparkausweis', leika: ['99102013000000'] },
  outOfScope: false,
  entities: [{ type: 'postcode', text: '80331', start: 0, end: 5, value: '80331' }],
};
const INBOX = [
  InboxGroup.parse({
    id: 'e1',
    lang: 'de',
    label: 'Wo kann ich mein Fahrrad codieren lassen?',
    count: 3,
    lines: [
      { text: 'Wo kann ich mein Fahrrad codieren lassen?', count: 2 },
      { text: `${XSS} Fahrrad codieren`, count: 1 },
    ],
    entryIds: ['e1', 'e2', 'e3'],
    reasons: { out_of_scope: 3, low_confidence: 0, ambiguous: 0, handover: 0 },
    suggestedIntent: 'greeting',
    firstAt: AT,
    lastAt: AT,
  }),
];
const MUST_PASS = [
  MustPassQuestion.parse({
    id: 'mp-1',
    text: 'Parkausweis beantragen',
    lang: 'de',
    intent: 'service.bewohnerparkausweis',
    createdBy: 'emil.redaktion',
    createdAt: AT,
  }),
];
const VERSIONS = [3, 2, 1].map((version) =>
  ModelVersion.parse({
    version,
    publishedAt: AT,
    publishedBy: version === 1 ? 'system' : 'paula.freigabe',
    fingerprint: `f${version}`,
    corporaHash: 'c1',
    catalogueHash: 'k1',
    gatePassed: version === 1 ? undefined : version === 2,
    override: version === 3 ? { reason: 'Eilige Korrektur', by: 'admin' } : undefined,
    rollbackOf: undefined,
  }),
);
const DIFF = VersionDiff.parse({
  from: 2,
  to: 3,
  intents: [
    {
      intent: 'greeting',
      lang: 'de',
      change: 'changed',
      utterancesAdded: [XSS],
      utterancesRemoved: ['Tach'],
      answersChanged: false,
    },
  ],
  services: [{ id: 'bewohnerparkausweis', title: 'Bewohnerparkausweis', change: 'changed' }],
});
const AUDIT = AuditEntry.array().parse([
  {
    id: 2,
    at: AT,
    actorId: 'u1',
    actorName: 'paula.freigabe',
    action: 'editor.publish',
    tenantId: 'default',
    details: { version: 3 },
  },
  {
    id: 1,
    at: AT,
    actorId: 'u2',
    actorName: 'emil.redaktion',
    action: 'editor.intent.save',
    tenantId: 'default',
    details: { name: XSS },
  },
]);

function analytics(): AnalyticsReportType {
  const days = Array.from({ length: 30 }, (_, index) => {
    const day = new Date(Date.UTC(2025, 1, 2 + index)).toISOString().slice(0, 10);
    return {
      day,
      conversations: 20 + (index % 7) * 3,
      answered: 15 + (index % 5),
      outOfScope: 3,
      ambiguous: 1,
      handovers: 1,
    };
  });
  return AnalyticsReport.parse({
    from: days[0]?.day ?? '',
    to: days[29]?.day ?? '',
    days,
    topServices: [
      { serviceId: 'bewohnerparkausweis', title: 'Bewohnerparkausweis', count: 120 },
      { serviceId: 'hund-anmelden', title: `Hund anmelden ${XSS}`, count: 45 },
    ],
    handovers: { requested: 12, accepted: 10, rate: 0.021, waitMs: { mean: 95_000, p50: 60_000, p90: 240_000 } },
    funnels: [
      {
        dialogId: 'hund-anmelden',
        started: 40,
        submitted: 25,
        cancelled: 8,
        steps: [
          { field: 'name', reached: 38 },
          { field: 'rasse', reached: 30 },
        ],
      },
    ],
  });
}

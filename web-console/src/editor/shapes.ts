import type { z } from 'zod';
import type {
  EditorIntent as ServerEditorIntent,
  IntentSummary as ServerIntentSummary,
  NamedEntityInput as ServerNamedEntityInput,
} from '../../../src/editor/intents/schemas.js';
import type { AnalyticsReport as ServerAnalyticsReport } from '../../../src/editor/ports.js';
import type {
  InboxGroup as ServerInboxGroup,
  ModelVersion as ServerModelVersion,
  MustPassQuestion as ServerMustPassQuestion,
  TrainingRun as ServerTrainingRun,
  VersionDiff as ServerVersionDiff,
} from '../../../src/editor/types.js';
import type {
  ImportResult as ServerImportResult,
  ServiceSummary as ServerServiceSummary,
  TryResult as ServerTryResult,
} from '../../../src/http/editor/schemas.js';
import {
  array,
  bool,
  nullable,
  num,
  object,
  oneOf,
  optional,
  type Read,
  type Reader,
  record,
  str,
  text,
  unknownValue,
} from './shape.js';

/**
 * The answers of `/api/editor` as the workbench reads them (docs/editor.md). Where the server's zod types exist
 * (`src/editor/types.ts`), the `fits` lines below make the compiler check that what is read here is one of them.
 */

export const LANGUAGES = ['de', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];
const lang = oneOf(LANGUAGES);

const perLanguage = <T>(reader: Reader<T>) => object({ de: reader, en: reader });
const localized = object({ de: str, en: optional(str) });
/** A title as plain text or as `{ de, en? }`; the workbench shows the German one. */
const title: Reader<string> = (json) => str(json) ?? localized(json)?.de;

export const INTENT_KINDS = ['service', 'conversation', 'none'] as const;
/** Where an intent or entry is, seen from a municipality's own layer (docs/editor.md). */
export const CONTENT_LAYERS = ['shared', 'own', 'both'] as const;
export type ContentLayer = (typeof CONTENT_LAYERS)[number];
const contentLayer = oneOf(CONTENT_LAYERS);

export const EditorIntent = object({
  name: text,
  kind: oneOf(INTENT_KINDS),
  serviceId: optional(str),
  /** The form dialog serving the intent's catalogue entry (read-only). */
  dialog: optional(object({ id: text, title: str })),
  utterances: perLanguage(array(str)),
  answers: perLanguage(array(str)),
  /** The named entities its utterances use (read-only). */
  entities: optional(array(str)),
  /** On a municipality's layer: where it is; `utterances` and `answers` are then its own. */
  layer: optional(contentLayer),
  /** On a municipality's layer: the shared utterances and answers (read-only). */
  shared: optional(object({ utterances: perLanguage(array(str)), answers: perLanguage(array(str)) })),
});
export type EditorIntent = Read<typeof EditorIntent>;

/** A layer of content the user works on: the shared one, or a municipality's own. */
export const LayerList = object({
  layers: array(object({ tenant: text, name: str, shared: bool, writable: bool })),
});
export type LayerList = Read<typeof LayerList>;
export type Layer = LayerList['layers'][number];

/** A named entity of one language: an enum's options, or a regex (docs/editor.md, "Named entities"). */
export const NamedEntity = object({
  type: oneOf(['enum', 'regex'] as const),
  name: text,
  lang,
  file: str,
  options: optional(array(object({ value: str, synonyms: array(str) }))),
  regex: optional(str),
  usedBy: array(str),
});
export type NamedEntity = Read<typeof NamedEntity>;
export const NamedEntityList = object({ entities: array(NamedEntity) });
export type NamedEntityList = Read<typeof NamedEntityList>;
export type NamedEntityInput = z.input<typeof ServerNamedEntityInput>;

export const IntentSummary = object({
  name: text,
  kind: oneOf(INTENT_KINDS),
  serviceId: optional(str),
  /** The catalogue entry's German title, for service intents. */
  title: optional(str),
  dialogId: optional(str),
  utterances: perLanguage(num),
  answers: perLanguage(num),
  layer: optional(contentLayer),
});
export type IntentSummary = Read<typeof IntentSummary>;
export const IntentList = object({ intents: array(IntentSummary) });
export type IntentList = Read<typeof IntentList>;

export const ServiceSummary = object({ id: text, title, leika: array(str), layer: optional(contentLayer) });
export type ServiceSummary = Read<typeof ServiceSummary>;
export const ServiceList = object({ services: array(ServiceSummary) });
export type ServiceList = Read<typeof ServiceList>;

/** A catalogue entry is edited as JSON: the structured form and the advanced field share one object. */
export const ServiceJson = record(unknownValue);
export type ServiceJson = Read<typeof ServiceJson>;

export const ImportResult = object({ services: num, offices: num, warnings: array(str) });
export type ImportResult = Read<typeof ImportResult>;

export const DialogList = object({
  dialogs: array(object({ id: text, title: optional(title), serviceId: optional(str) })),
});
export type DialogList = Read<typeof DialogList>;
export type DialogSummary = Read<typeof DialogList>['dialogs'][number];

const Entity = object({ type: str, text: str, value: unknownValue, name: optional(str) });
export const TryResult = object({
  text: str,
  lang,
  intent: str,
  score: num,
  service: nullable(object({ id: str, title: str, leika: array(str) })),
  candidates: array(object({ id: str, score: num })),
  outOfScope: bool,
  ambiguous: bool,
  entities: array(Entity),
});
export type TryResult = Read<typeof TryResult>;
export const TryAnswer = object({
  live: TryResult,
  draft: optional((json) => {
    const result = TryResult(json);
    const run = object({ runId: str })(json);
    return result && run && { ...result, runId: run.runId };
  }),
});
export type TryAnswer = Read<typeof TryAnswer>;

const INBOX_REASONS = ['out_of_scope', 'low_confidence', 'ambiguous', 'handover'] as const;
export const InboxGroup = object({
  id: text,
  lang,
  label: str,
  count: num,
  lines: array(object({ text: str, count: num })),
  entryIds: array(text),
  reasons: record(num),
  suggestedIntent: optional(str),
  firstAt: str,
  lastAt: str,
});
export type InboxGroup = Read<typeof InboxGroup>;
export type InboxReason = (typeof INBOX_REASONS)[number];
export const InboxList = object({ groups: array(InboxGroup) });
export type InboxList = Read<typeof InboxList>;
export const Resolved = object({ resolved: num });
export type Resolved = Read<typeof Resolved>;

export const MustPassQuestion = object({ id: text, text: str, lang, intent: str, createdBy: str, createdAt: str });
export type MustPassQuestion = Read<typeof MustPassQuestion>;
export const MustPassList = object({ questions: array(MustPassQuestion) });
export type MustPassList = Read<typeof MustPassList>;

const CrossValidation = object({
  folds: num,
  seed: num,
  examples: num,
  accuracy: nullable(num),
  macroF1: nullable(num),
  outOfScopeRejection: nullable(num),
  falseRejection: nullable(num),
});
export type CrossValidation = Read<typeof CrossValidation>;

const GateReport = object({
  passed: bool,
  checks: array(
    object({ name: oneOf(['cross-validation', 'conversations', 'must-pass']), passed: bool, summary: str }),
  ),
  crossValidation: CrossValidation,
  live: optional(object({ version: num, crossValidation: CrossValidation })),
  perIntent: array(
    object({ intent: str, support: num, f1: nullable(num), liveF1: optional(num), delta: optional(num) }),
  ),
  confusions: array(object({ label: str, predicted: str, count: num, example: str, liveCount: optional(num) })),
  conversations: array(object({ file: str, scenario: str, passed: bool, message: optional(str) })),
  mustPass: array(object({ id: text, text: str, lang, expected: str, got: str, score: num, passed: bool })),
  sharedUtterances: array(object({ lang, utterance: str, intents: array(str) })),
});
export type GateReport = Read<typeof GateReport>;

export const TrainingRun = object({
  id: text,
  status: oneOf(['running', 'succeeded', 'failed']),
  phase: oneOf(['training', 'cross-validation', 'conversations', 'must-pass', 'done']),
  progress: num,
  startedAt: str,
  finishedAt: optional(str),
  startedBy: str,
  corporaHash: str,
  catalogueHash: str,
  fingerprint: optional(str),
  gate: optional(GateReport),
  error: optional(str),
});
export type TrainingRun = Read<typeof TrainingRun>;
export const TrainingRunList = object({ runs: array(TrainingRun) });
export type TrainingRunList = Read<typeof TrainingRunList>;

export const ModelVersion = object({
  version: num,
  publishedAt: str,
  publishedBy: str,
  fingerprint: str,
  corporaHash: str,
  catalogueHash: str,
  trainingRunId: optional(str),
  gatePassed: optional(bool),
  override: optional(object({ reason: str, by: str })),
  rollbackOf: optional(num),
  note: optional(str),
});
export type ModelVersion = Read<typeof ModelVersion>;
export const VersionList = object({
  versions: array(ModelVersion),
  live: nullable(num),
  /** On a municipality's layer: the shared live version, when it is newer than the municipality's live one. */
  sharedNewer: optional(num),
});
export type VersionList = Read<typeof VersionList>;

const CHANGES = ['added', 'removed', 'changed'] as const;
export const VersionDiff = object({
  from: num,
  to: num,
  intents: array(
    object({
      intent: str,
      lang,
      change: oneOf(CHANGES),
      utterancesAdded: array(str),
      utterancesRemoved: array(str),
      answersChanged: bool,
    }),
  ),
  services: array(object({ id: str, title: str, change: oneOf(CHANGES) })),
});
export type VersionDiff = Read<typeof VersionDiff>;

const nullableNumber = nullable(num);
export const AnalyticsReport = object({
  from: str,
  to: str,
  days: array(object({ day: str, conversations: num, answered: num, outOfScope: num, ambiguous: num, handovers: num })),
  topServices: array(object({ serviceId: str, count: num, title: str })),
  handovers: object({
    requested: num,
    accepted: num,
    rate: nullableNumber,
    waitMs: object({ mean: nullableNumber, p50: nullableNumber, p90: nullableNumber }),
  }),
  funnels: array(
    object({
      dialogId: str,
      started: num,
      submitted: num,
      cancelled: num,
      steps: array(object({ field: str, reached: num })),
    }),
  ),
});
export type AnalyticsReport = Read<typeof AnalyticsReport>;

export const AuditEntry = object({
  id: num,
  at: str,
  actorName: str,
  action: str,
  details: optional(record(unknownValue)),
});
export type AuditEntry = Read<typeof AuditEntry>;
export const AuditList = object({ entries: array(AuditEntry) });
export type AuditList = Read<typeof AuditList>;

// Compile-time checks: what the readers produce is what the server's schemas describe.
type Fits<Client extends Server, Server> = Client;
export type Checks = [
  Fits<TrainingRun, ServerTrainingRun>,
  Fits<ModelVersion, ServerModelVersion>,
  Fits<VersionDiff, ServerVersionDiff>,
  Fits<MustPassQuestion, ServerMustPassQuestion>,
  Fits<Omit<InboxGroup, 'reasons'>, Omit<ServerInboxGroup, 'reasons'>>,
  Fits<AnalyticsReport, ServerAnalyticsReport>,
  Fits<EditorIntent, ServerEditorIntent>,
  Fits<IntentSummary, ServerIntentSummary>,
  Fits<ServiceSummary, z.infer<typeof ServerServiceSummary>>,
  Fits<ImportResult, z.infer<typeof ServerImportResult>>,
  Fits<Omit<TryResult, 'entities'>, Omit<z.infer<typeof ServerTryResult>, 'entities'>>,
];

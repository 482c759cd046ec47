import { z } from 'zod';
import { Language } from '../catalogue/schema.js';

/**
 * The editors' workbench: the shapes shared by storage, the services and the REST API (`/api/editor`). They are zod
 * schemas because the API validates requests and responses with them and the OpenAPI document is generated from them.
 *
 * Vocabulary:
 * - The **draft** is what editors change: the corpora and the catalogue in storage (`IntentRepository`,
 *   `CatalogueRepository`).
 * - A **training run** trains a model from a snapshot of the draft in a worker thread and runs the release gate on it.
 * - A **version** is a published model together with the corpora and catalogue it was trained from. The newest
 *   version is **live**: the bot answers with it. Rolling back publishes an older version's content again as a new
 *   version, so the list of versions is the history of what the bot knew.
 */

const Timestamp = z.iso.datetime({ offset: true });
const Id = z.string().min(1).max(100);

// ---------------------------------------------------------------------------------------------------------------
// Inbox of unrecognised questions

/** Why a citizen's message went to the inbox. */
export const InboxReason = z.enum(['out_of_scope', 'low_confidence', 'ambiguous', 'handover']);
export type InboxReason = z.infer<typeof InboxReason>;

/** `open` until an editor decides: assigned to an intent, a new service is needed, or nothing to do. */
export const InboxStatus = z.enum(['open', 'assigned', 'new_service', 'ignored']);
export type InboxStatus = z.infer<typeof InboxStatus>;

/** One citizen message, personal data already replaced by placeholders (`[NAME]`, `[E-MAIL]`, …) before storing. */
export const InboxEntry = z.object({
  id: Id,
  at: Timestamp,
  lang: Language,
  text: z.string().min(1).max(1000),
  reason: InboxReason,
  /** What the live model made of it (`None` when out of scope) and how sure it was. */
  intent: z.string(),
  score: z.number(),
  status: InboxStatus,
  /** For `assigned`: the intent its text became a training utterance of. */
  resolvedIntent: z.string().optional(),
  resolvedBy: z.string().optional(),
  resolvedAt: Timestamp.optional(),
});
export type InboxEntry = z.infer<typeof InboxEntry>;

export type NewInboxEntry = Omit<InboxEntry, 'id' | 'status' | 'resolvedIntent' | 'resolvedBy' | 'resolvedAt'> & {
  /** Kept to count distinct citizens per group; never shown. */
  conversationId?: string;
  /** The conversation's tenant, whose editors see the entry; default `default`. */
  tenantId?: string;
};

/** Similar open questions grouped together, the biggest gaps first. */
export const InboxGroup = z.object({
  /** Stable while the group's members stay: the id of its first entry. */
  id: Id,
  lang: Language,
  /** The most typical question of the group. */
  label: z.string(),
  count: z.number().int().min(1),
  /** Distinct texts with how often each was asked, most frequent first. */
  lines: z.array(z.object({ text: z.string(), count: z.number().int().min(1) })),
  entryIds: z.array(Id),
  reasons: z.record(InboxReason, z.number().int()),
  /** The intent most members were closest to, as a suggestion for assigning. */
  suggestedIntent: z.string().optional(),
  firstAt: Timestamp,
  lastAt: Timestamp,
});
export type InboxGroup = z.infer<typeof InboxGroup>;

// ---------------------------------------------------------------------------------------------------------------
// Training runs and the release gate

export const TrainingStatus = z.enum(['running', 'succeeded', 'failed']);
export type TrainingStatus = z.infer<typeof TrainingStatus>;

export const TrainingPhase = z.enum(['training', 'cross-validation', 'conversations', 'must-pass', 'done']);
export type TrainingPhase = z.infer<typeof TrainingPhase>;

/** An intent's F1 in cross-validation of the draft, beside the live version's (undefined when it had none). */
export const IntentF1 = z.object({
  intent: z.string(),
  support: z.number().int(),
  f1: z.number().nullable(),
  liveF1: z.number().nullable().optional(),
  delta: z.number().nullable().optional(),
});
export type IntentF1 = z.infer<typeof IntentF1>;

export const ConfusedPair = z.object({
  label: z.string(),
  predicted: z.string(),
  count: z.number().int(),
  example: z.string(),
  /** How often the live version confused the same pair (undefined when unknown). */
  liveCount: z.number().int().optional(),
});
export type ConfusedPair = z.infer<typeof ConfusedPair>;

/** An utterance that trains more than one intent (`sharedUtterances`): the bot cannot tell by it which is meant. */
export const SharedUtterance = z.object({
  lang: Language,
  utterance: z.string(),
  intents: z.array(z.string()),
});

/** Headline figures of a cross-validation. */
export const CrossValidationSummary = z.object({
  folds: z.number().int(),
  seed: z.number().int(),
  examples: z.number().int(),
  accuracy: z.number().nullable(),
  macroF1: z.number().nullable(),
  outOfScopeRejection: z.number().nullable(),
  falseRejection: z.number().nullable(),
});
export type CrossValidationSummary = z.infer<typeof CrossValidationSummary>;

export const GateCheck = z.object({
  name: z.enum(['cross-validation', 'conversations', 'must-pass']),
  passed: z.boolean(),
  /** One line for people, e.g. "accuracy 72.4 % (live 72.1 %)". */
  summary: z.string(),
});
export type GateCheck = z.infer<typeof GateCheck>;

export const MustPassResult = z.object({
  id: Id,
  text: z.string(),
  lang: Language,
  expected: z.string(),
  got: z.string(),
  score: z.number(),
  passed: z.boolean(),
});
export type MustPassResult = z.infer<typeof MustPassResult>;

export const ConversationTestResult = z.object({
  file: z.string(),
  scenario: z.string(),
  passed: z.boolean(),
  /** Why it failed, as the conversation tests print it. */
  message: z.string().optional(),
});
export type ConversationTestResult = z.infer<typeof ConversationTestResult>;

/** Everything the release gate measured on a training run; `passed` when every check passed. */
export const GateReport = z.object({
  passed: z.boolean(),
  checks: z.array(GateCheck),
  crossValidation: CrossValidationSummary,
  /** The live version's figures from its own gate, when it had one. */
  live: z.object({ version: z.number().int(), crossValidation: CrossValidationSummary }).optional(),
  /** Worst F1 first. */
  perIntent: z.array(IntentF1),
  confusions: z.array(ConfusedPair),
  conversations: z.array(ConversationTestResult),
  mustPass: z.array(MustPassResult),
  /**
   * Utterances of the training data that train two intents or more; information for editors, not a check. Reports
   * stored before it existed have none.
   */
  sharedUtterances: z.array(SharedUtterance).default([]),
});
export type GateReport = z.infer<typeof GateReport>;

export const TrainingRun = z.object({
  id: Id,
  status: TrainingStatus,
  phase: TrainingPhase,
  /** 0..1 over all phases. */
  progress: z.number().min(0).max(1),
  startedAt: Timestamp,
  finishedAt: Timestamp.optional(),
  startedBy: z.string(),
  /** Content hashes of the draft snapshot it was trained from. */
  corporaHash: z.string(),
  catalogueHash: z.string(),
  /** The trained model (in `ModelRepository`) once training finished. */
  fingerprint: z.string().optional(),
  gate: GateReport.optional(),
  error: z.string().optional(),
});
export type TrainingRun = z.infer<typeof TrainingRun>;

export type NewTrainingRun = Pick<TrainingRun, 'startedAt' | 'startedBy' | 'corporaHash' | 'catalogueHash'>;
export type TrainingRunPatch = Partial<
  Pick<TrainingRun, 'status' | 'phase' | 'progress' | 'finishedAt' | 'fingerprint' | 'gate' | 'error'>
>;

// ---------------------------------------------------------------------------------------------------------------
// Versions

export const ModelVersion = z.object({
  /** 1, 2, 3, … in the order of publication. */
  version: z.number().int().min(1),
  publishedAt: Timestamp,
  publishedBy: z.string(),
  fingerprint: z.string(),
  corporaHash: z.string(),
  catalogueHash: z.string(),
  trainingRunId: Id.optional(),
  /** Whether the gate passed; undefined for versions published without one (the first model, the CLI). */
  gatePassed: z.boolean().optional(),
  /** Set when an admin published although the gate failed. */
  override: z.object({ reason: z.string().min(1), by: z.string() }).optional(),
  /** Set when this version re-published an older one's content. */
  rollbackOf: z.number().int().optional(),
  note: z.string().max(500).optional(),
});
export type ModelVersion = z.infer<typeof ModelVersion>;

export type NewModelVersion = Omit<ModelVersion, 'version'>;

/** What changed between two versions' corpora and catalogues. */
export const VersionDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  intents: z.array(
    z.object({
      intent: z.string(),
      lang: Language,
      change: z.enum(['added', 'removed', 'changed']),
      utterancesAdded: z.array(z.string()),
      utterancesRemoved: z.array(z.string()),
      answersChanged: z.boolean(),
    }),
  ),
  services: z.array(z.object({ id: z.string(), title: z.string(), change: z.enum(['added', 'removed', 'changed']) })),
});
export type VersionDiff = z.infer<typeof VersionDiff>;

// ---------------------------------------------------------------------------------------------------------------
// Must-pass questions

export const MustPassQuestion = z.object({
  id: Id,
  text: z.string().min(1).max(500),
  lang: Language,
  /** The intent the question must get (`None` for questions the bot must decline). */
  intent: z.string().min(1),
  createdBy: z.string(),
  createdAt: Timestamp,
});
export type MustPassQuestion = z.infer<typeof MustPassQuestion>;

export type NewMustPassQuestion = Omit<MustPassQuestion, 'id' | 'createdAt'>;

// ---------------------------------------------------------------------------------------------------------------
// Analytics: what the bot records per turn and per dialog step (no text, no personal data)

/** How the bot dealt with one citizen message that it had to understand. */
export const TurnOutcome = z.enum(['answered', 'out_of_scope', 'ambiguous', 'form', 'handover']);
export type TurnOutcome = z.infer<typeof TurnOutcome>;

export interface TurnEvent {
  at: string;
  conversationId: string;
  /** The conversation's tenant; default `default`. */
  tenantId?: string;
  lang: Language;
  outcome: TurnOutcome;
  intent: string;
  /** The catalogue entry answered, if any. */
  serviceId?: string;
}

export const DialogEventKind = z.enum(['started', 'asked', 'submitted', 'cancelled']);
export type DialogEventKind = z.infer<typeof DialogEventKind>;

export interface DialogEvent {
  at: string;
  conversationId: string;
  /** The conversation's tenant; default `default`. */
  tenantId?: string;
  dialogId: string;
  kind: DialogEventKind;
  /** For `asked`: the field asked. */
  field?: string;
}

export const DailyCount = z.object({
  day: z.iso.date(),
  conversations: z.number().int(),
  answered: z.number().int(),
  outOfScope: z.number().int(),
  ambiguous: z.number().int(),
  handovers: z.number().int(),
});
export type DailyCount = z.infer<typeof DailyCount>;

/** A dialog's funnel: conversations that started it, reached each field, and submitted. */
export const DialogFunnel = z.object({
  dialogId: z.string(),
  started: z.number().int(),
  submitted: z.number().int(),
  cancelled: z.number().int(),
  /** In the order first asked; `reached` counts conversations asked that field at least once. */
  steps: z.array(z.object({ field: z.string(), reached: z.number().int() })),
});
export type DialogFunnel = z.infer<typeof DialogFunnel>;

export const TopService = z.object({ serviceId: z.string(), count: z.number().int() });
export type TopService = z.infer<typeof TopService>;

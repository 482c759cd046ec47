import type {
  ApplicationSubmission,
  Delivery,
  DeliveryStatus,
  StoredApplication,
  SubmitResult,
} from '../applications/types.js';
import type { NewUser, StaffSession, User, UserWithPassword } from '../auth/types.js';
import type { Catalogue, Office, Service } from '../catalogue/schema.js';
import type {
  DailyCount,
  DialogEvent,
  DialogFunnel,
  InboxEntry,
  InboxStatus,
  ModelVersion,
  MustPassQuestion,
  NewInboxEntry,
  NewModelVersion,
  NewMustPassQuestion,
  NewTrainingRun,
  TopService,
  TrainingRun,
  TrainingRunPatch,
  TurnEvent,
} from '../editor/types.js';
import type {
  AuditEntry,
  CannedResponse,
  CannedResponseInput,
  Handover,
  HandoverNote,
  HandoverStats,
  HandoverStatus,
  NewAuditEntry,
  NewHandover,
  NewTicket,
  Ticket,
  TicketStatus,
} from '../handover/types.js';
import type { Corpus } from '../nlu/corpus.js';
import type { Tenant, TenantSettings } from '../tenants/types.js';
import type { NewUpload, StoredUpload, UploadMeta } from '../uploads/types.js';

/**
 * Storage behind small interfaces. The domain sees only these; `sqlite/` and `postgres/` implement them (chosen by
 * `openStorage`), so every method is async even where SQLite is not. Every implementation passes the contract suite in
 * test/storage/contract.ts.
 */

export interface CatalogueRepository {
  findService(id: string): Promise<Service | undefined>;
  listServices(): Promise<Service[]>;
  listOffices(): Promise<Office[]>;
  /** Upserts services and offices; with `replace` the catalogue becomes exactly `catalogue`. */
  saveCatalogue(catalogue: Catalogue, options: { replace: boolean }): Promise<void>;
  /** Deletes one service; returns whether there was one. */
  deleteService(id: string): Promise<boolean>;
  isEmpty(): Promise<boolean>;
}

/** A corpus with the file it lives in under `intents/`, e.g. `de/services.json`, so export writes it back there. */
export interface CorpusFile {
  path: string;
  corpus: Corpus;
}

export interface IntentRepository {
  listCorpora(): Promise<Corpus[]>;
  /** Replaces all stored corpora; each keeps the path it had, new ones get `<locale>/<slug of name>.json`. */
  saveCorpora(corpora: Corpus[]): Promise<void>;
  /** The stored corpora with their paths, in the stored order. */
  listCorpusFiles(): Promise<CorpusFile[]>;
  /** Replaces all stored corpora and their paths (paths are unique). */
  saveCorpusFiles(files: CorpusFile[]): Promise<void>;
  /**
   * Reads the stored corpus files, applies `change` and stores the files it returns, atomically: no other write of
   * the corpora (from this process or another) comes between the read and the write, so concurrent changes never
   * lose one another. `change` gets its own copy of the files (it may change them in place) and must be synchronous;
   * it returns what to store (`files`, checked as `saveCorpusFiles` checks them; undefined stores nothing) and the
   * `result` to resolve with. When `change` throws or its files are refused, nothing is stored and the call rejects.
   */
  updateCorpusFiles<T>(change: (files: CorpusFile[]) => { files?: CorpusFile[]; result: T }): Promise<T>;
  isEmpty(): Promise<boolean>;
}

/** A trained understanding model, keyed by the fingerprint of everything it was trained from. */
export interface StoredModel {
  fingerprint: string;
  createdAt: string;
  /** Serialised model, opaque to storage. */
  data: string;
}

export interface ModelRepository {
  findModel(fingerprint: string): Promise<StoredModel | undefined>;
  /** The newest model, whatever it was trained from. */
  findLatestModel(): Promise<StoredModel | undefined>;
  saveModel(model: StoredModel): Promise<void>;
}

export interface Conversation {
  id: string;
  /** The municipality the conversation belongs to, from its creation on (docs/tenants.md). */
  tenantId: string;
  channel: string;
  locale: string;
  createdAt: string;
  updatedAt: string;
}

/** The municipalities of the installation (docs/tenants.md). */
export interface TenantRepository {
  /** All tenants, by id. */
  listTenants(): Promise<Tenant[]>;
  findTenant(id: string): Promise<Tenant | undefined>;
  /** Creates the tenant, or replaces the settings of an existing one (its `createdAt` stays). */
  saveTenant(id: string, settings: TenantSettings): Promise<Tenant>;
}

/** A conversation to create; without `tenantId` it is the `default` tenant's. */
export type NewConversation = Omit<Conversation, 'createdAt' | 'updatedAt' | 'tenantId'> & { tenantId?: string };

export interface ConversationRepository {
  /** Creates a conversation; `tokenHash` is the SHA-256 of the secret that lets the citizen resume it. */
  createConversation(conversation: NewConversation, tokenHash?: string): Promise<Conversation>;
  /**
   * The conversation with this id, created as given when there is none (a Bot Framework channel's conversation, first
   * seen); an existing one is returned as it is, its tenant included.
   */
  ensureConversation(conversation: NewConversation): Promise<Conversation>;
  findConversation(id: string): Promise<Conversation | undefined>;
  findConversationByTokenHash(tokenHash: string): Promise<Conversation | undefined>;
  /** Deletes the conversation with its transcript and state. */
  deleteConversation(id: string): Promise<void>;
}

/** One stored activity of a conversation's transcript (Bot Framework Activity as JSON). */
export interface TranscriptEntry {
  seq: number;
  conversationId: string;
  /** The activity id given by its sender, e.g. the widget's client message id. */
  activityId: string | undefined;
  timestamp: string;
  activity: Record<string, unknown>;
}

export interface TranscriptRepository {
  /**
   * Appends an activity. When `activityId` is set and the conversation already holds an activity with that id from
   * the same role, nothing is stored and `duplicate` is true (idempotent client retries). The conversation is created
   * when unknown (Bot Framework) and its `updatedAt` becomes now, to the minute (a conversation touched less than a
   * minute ago may keep its `updatedAt`): retention counts from the last activity.
   *
   * The activity is stored as its JSON (dates as ISO strings), serialised during the call: changing the object
   * afterwards does not change what is stored.
   */
  appendActivity(
    conversationId: string,
    activity: object,
    activityId?: string,
  ): Promise<{ duplicate: boolean; seq: number }>;
  /** The last `limit` activities in order. */
  listActivities(conversationId: string, limit?: number): Promise<TranscriptEntry[]>;
}

/** Key/value store with optimistic concurrency, the shape botbuilder's `Storage` needs. */
export interface StateRepository {
  readState(keys: string[]): Promise<Record<string, { value: Record<string, unknown>; eTag: string }>>;
  /** Writes each entry; an entry whose `eTag` is given and not `*` must match the stored one, else it throws. */
  writeState(changes: Record<string, { value: Record<string, unknown>; eTag?: string }>): Promise<void>;
  deleteState(keys: string[]): Promise<void>;
}

/**
 * Submitted applications and their outbox. `submitApplication` stores the application and one delivery per
 * recipient in one transaction; a second submission with the same `submissionKey` stores nothing and returns the
 * first one's reference (`duplicate: true`).
 */
export interface ApplicationRepository {
  submitApplication(submission: ApplicationSubmission, receiptTokenHash: string): Promise<SubmitResult>;
  findApplication(reference: string): Promise<StoredApplication | undefined>;
  findApplicationByReceiptTokenHash(tokenHash: string): Promise<StoredApplication | undefined>;
  /**
   * Leases up to `limit` deliveries that are pending and due (`nextAttemptAt <= now`) for `leaseMs`: they are not
   * handed out again until the lease ends, so two workers never send the same delivery at once.
   */
  claimDueDeliveries(now: Date, limit: number, leaseMs: number): Promise<Delivery[]>;
  markDelivered(deliveryId: string, at: Date): Promise<void>;
  /** Records a failed attempt; `nextAttemptAt` undefined means no further attempt (status `failed`). */
  markAttemptFailed(deliveryId: string, error: string, nextAttemptAt: Date | undefined): Promise<void>;
  /** Makes a failed delivery pending and due now again. */
  retryDelivery(deliveryId: string): Promise<boolean>;
  listDeliveries(filter?: { status?: DeliveryStatus; reference?: string }): Promise<Delivery[]>;
}

/** Files citizens uploaded for form fields, kept apart from the transcript so transcripts stay small. */
export interface UploadRepository {
  saveUpload(upload: NewUpload): Promise<UploadMeta>;
  findUpload(id: string): Promise<StoredUpload | undefined>;
}

/**
 * Staff users and their login sessions. Lock and session times come from the caller (`AuthService` owns that clock);
 * `createUser` stamps `createdAt` itself and throws when the name is taken.
 */
export interface UserRepository {
  createUser(user: NewUser): Promise<User>;
  /** With the password hash, for login. */
  findUserByName(name: string): Promise<UserWithPassword | undefined>;
  findUser(id: string): Promise<User | undefined>;
  /** Ordered by name. */
  listUsers(): Promise<User[]>;
  /** Replaces the user's tenants (each must exist); false for an unknown user. */
  setUserTenants(id: string, tenants: string[]): Promise<boolean>;
  /** Counts one more failed login in a row; `lockedUntil` (ISO) locks the account, undefined clears a past lock. */
  recordFailedLogin(id: string, lockedUntil?: string): Promise<void>;
  /** After a successful login: no failed logins, no lock. */
  resetFailedLogins(id: string): Promise<void>;
  createSession(session: StaffSession): Promise<void>;
  /** The session whose token hashes to `idHash`, expired or not. */
  findSessionByTokenHash(idHash: string): Promise<StaffSession | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Deletes sessions with `expiresAt <= now`; returns how many. */
  deleteExpiredSessions(now: Date): Promise<number>;
}

/** What may change on a handover after it was created; `undefined` leaves a field as it is. */
export type HandoverPatch = Partial<
  Pick<
    Handover,
    'status' | 'acceptedAt' | 'firstAgentReplyAt' | 'endedAt' | 'agentId' | 'agentName' | 'outcome' | 'external'
  >
>;

/** Handovers to the service centre and the agents' notes on them. */
export interface HandoverRepository {
  createHandover(handover: NewHandover): Promise<Handover>;
  findHandover(id: string): Promise<Handover | undefined>;
  /** The conversation's handover that is `queued` or `connected`, if any (there is at most one). */
  findActiveHandover(conversationId: string): Promise<Handover | undefined>;
  /** All `queued` and `connected` handovers, oldest request first. */
  listActiveHandovers(): Promise<Handover[]>;
  /** The conversation's handovers, oldest first. */
  listHandovers(conversationId: string): Promise<Handover[]>;
  /**
   * Applies `patch` only while the handover's status is one of `from` (compare and set, so two agents cannot both
   * take one chat); returns the updated handover, or undefined when its status was another.
   */
  transitionHandover(id: string, from: readonly HandoverStatus[], patch: HandoverPatch): Promise<Handover | undefined>;
  /** Milliseconds from request to acceptance of the last `limit` accepted handovers, newest first. */
  recentWaits(limit: number): Promise<number[]>;
  /** Handovers requested in [from, to) and the conversations started then. */
  handoverStats(from: Date, to: Date, tenants?: readonly string[]): Promise<HandoverStats>;
  addNote(note: Omit<HandoverNote, 'id' | 'createdAt'>): Promise<HandoverNote>;
  /** The notes on a conversation, oldest first. */
  listNotes(conversationId: string): Promise<HandoverNote[]>;
}

/** Which contact requests to list: of one status, of some tenants (undefined: all). */
export interface TicketFilter {
  status?: TicketStatus;
  tenants?: readonly string[];
}

/** Contact requests left for the service centre. */
export interface TicketRepository {
  createTicket(ticket: NewTicket): Promise<Ticket>;
  findTicket(id: string): Promise<Ticket | undefined>;
  /** Newest first. */
  listTickets(filter?: TicketFilter): Promise<Ticket[]>;
  updateTicket(id: string, patch: { status?: TicketStatus; assignedTo?: string | null }): Promise<Ticket | undefined>;
}

/** Answers agents insert with one click, kept by admins. */
export interface CannedResponseRepository {
  /** Ordered by language, then title. */
  listCannedResponses(): Promise<CannedResponse[]>;
  createCannedResponse(input: CannedResponseInput, updatedBy: string): Promise<CannedResponse>;
  updateCannedResponse(id: string, input: CannedResponseInput, updatedBy: string): Promise<CannedResponse | undefined>;
  deleteCannedResponse(id: string): Promise<boolean>;
}

/** Append-only record of who did what; entries are never changed. */
export interface AuditRepository {
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * Newest first; `beforeId` pages back; `actionPrefix` keeps the actions that start with it (case-sensitive);
   * `tenants` keeps the entries about those tenants.
   */
  listAudit(filter?: AuditFilter): Promise<AuditEntry[]>;
}

/**
 * Published versions of the bot's knowledge and the content they were trained from. Snapshots are JSON documents
 * stored once per content hash (SHA-256 of the JSON), so re-publishing the same content costs nothing.
 */
export interface VersionRepository {
  /** Stores a snapshot unless one with that hash exists. */
  saveSnapshot(hash: string, kind: 'corpora' | 'catalogue', json: string): Promise<void>;
  findSnapshot(hash: string): Promise<string | undefined>;
  /** Numbers the version (one more than the highest, atomically) and stores it. */
  publishVersion(version: NewModelVersion): Promise<ModelVersion>;
  /** Newest first. */
  listVersions(): Promise<ModelVersion[]>;
  findVersion(version: number): Promise<ModelVersion | undefined>;
  /** The newest version: the one the bot answers with. */
  liveVersion(): Promise<ModelVersion | undefined>;
}

export interface TrainingRunRepository {
  /** Creates a `running` run in phase `training` with progress 0. */
  createRun(run: NewTrainingRun): Promise<TrainingRun>;
  updateRun(id: string, patch: TrainingRunPatch): Promise<TrainingRun | undefined>;
  findRun(id: string): Promise<TrainingRun | undefined>;
  /** Newest first; `limit` defaults to 20. */
  listRuns(limit?: number): Promise<TrainingRun[]>;
  /**
   * Marks runs still `running`, of every tenant, as failed with `error` (after a restart nobody finishes them: one run
   * trains at a time in the whole installation); returns how many.
   */
  failRunningRuns(at: string, error: string): Promise<number>;
}

/** Questions every new model must get right before it is published. */
export interface MustPassRepository {
  /** Ordered by language, then text. */
  listMustPass(): Promise<MustPassQuestion[]>;
  /** Throws when the same text in the same language is already there. */
  addMustPass(question: NewMustPassQuestion): Promise<MustPassQuestion>;
  deleteMustPass(id: string): Promise<boolean>;
}

/** What citizens asked that the bot could not answer well, scrubbed of personal data by the caller. */
export interface AuditFilter {
  conversationId?: string;
  action?: string;
  actionPrefix?: string;
  limit?: number;
  beforeId?: number;
  tenants?: readonly string[];
}

/** Which inbox entries to list: `tenants` keeps to those tenants' (an editor's); without, every tenant's. */
export interface InboxFilter {
  status?: InboxStatus;
  limit?: number;
  tenants?: readonly string[];
}

/** The editors' inbox, over every tenant: each entry carries its conversation's tenant. */
export interface InboxRepository {
  addInboxEntry(entry: NewInboxEntry): Promise<InboxEntry>;
  /** Newest first; `limit` defaults to 5000. */
  listInbox(filter?: InboxFilter): Promise<InboxEntry[]>;
  /** Newest first; of `tenants` only when given. */
  findInboxEntries(ids: string[], tenants?: readonly string[]): Promise<InboxEntry[]>;
  /** Resolves the entries among `ids` that are still open (and of `tenants` when given); returns how many. */
  resolveInboxEntries(
    ids: string[],
    resolution: { status: Exclude<InboxStatus, 'open'>; intent?: string; by: string; at: string },
    tenants?: readonly string[],
  ): Promise<number>;
  /** Deletes the conversation's entries, whatever their status (the citizen deleted the chat); returns how many. */
  deleteInboxEntriesOfConversation(conversationId: string): Promise<number>;
}

/**
 * Counters for the analytics: one row per understood turn and per dialog event, without any text, with the tenant of
 * its conversation. Days are UTC days (`YYYY-MM-DD`); periods are [from, to). Figures count the `tenants` given, or
 * every tenant's without.
 */
export interface AnalyticsRepository {
  recordTurn(event: TurnEvent): Promise<void>;
  recordDialogEvent(event: DialogEvent): Promise<void>;
  /**
   * One row per day of the period that had any conversation or turn, in order. `form` turns count as answered;
   * handovers are counted from the handovers requested that day.
   */
  dailyCounts(from: Date, to: Date, tenants?: readonly string[]): Promise<DailyCount[]>;
  /** The services answered most often, most first. */
  topServices(from: Date, to: Date, limit: number, tenants?: readonly string[]): Promise<TopService[]>;
  /** Per dialog, counted in distinct conversations; the most started dialog first, then by id. */
  dialogFunnels(from: Date, to: Date, tenants?: readonly string[]): Promise<DialogFunnel[]>;
}

/** Where each kind of personal data ends: what is older than these instants goes (see docs/privacy.md). */
export interface RetentionCutoffs {
  /** Conversations whose last activity is older, with transcript, state, handovers, notes, inbox entries, files. */
  conversationsBefore: Date;
  /** Applications submitted earlier whose deliveries are all done (delivered or failed), with their files. */
  applicationsBefore: Date;
  /** Contact requests marked done earlier. */
  ticketsBefore: Date;
  /**
   * Whose records: some tenants' (`only`), or every tenant's but some (`except`); left out, every tenant's. Files and
   * inbox entries whose conversation is gone have no tenant left and go in any pass.
   */
  tenants?: TenantSelection;
}

/** Some tenants, or all but some: a tenant with retention periods of its own is purged apart from the others. */
export type TenantSelection = { only: readonly string[] } | { except: readonly string[] };

/** The selection as a list and whether a tenant in it is inside: what SQL compares with `tenant_id IN (list)`. */
export function selectionOf(selection: TenantSelection | undefined): { tenants: string[]; inside: boolean } {
  if (!selection) return { tenants: [], inside: false };
  return 'only' in selection
    ? { tenants: [...selection.only], inside: true }
    : { tenants: [...selection.except], inside: false };
}

/** How many records of each kind a retention run deleted: figures only, for the log and the audit entry. */
export interface RetentionCounts {
  conversations: number;
  transcriptEntries: number;
  handovers: number;
  handoverNotes: number;
  inboxEntries: number;
  applications: number;
  uploads: number;
  tickets: number;
}

/** The records that belong to one conversation beyond its transcript and handovers, by key, for an export. */
export interface ConversationRecordIds {
  stateKeys: string[];
  uploadIds: string[];
  applicationReferences: string[];
  ticketIds: string[];
  inboxEntryIds: string[];
}

/** What data protection needs across the repositories: retention deletes in batches, and a citizen's records. */
export interface PrivacyRepository {
  /**
   * Deletes, in one transaction, up to `limit` conversations older than the cutoff (never one with a waiting or running
   * handover) with everything that hangs on them, the expired applications and done tickets, and files no longer
   * held by a conversation or an application. Call again while `conversations` equals `limit`.
   */
  purgeExpired(cutoffs: RetentionCutoffs, limit: number): Promise<RetentionCounts>;
  /** Ids of the conversation's state entries, uploads, applications, contact requests and inbox entries. */
  conversationRecordIds(conversationId: string): Promise<ConversationRecordIds>;
}

/**
 * One tenant's own layer of the bot's knowledge (docs/tenants.md): its catalogue entries and corpora, kept apart from
 * every other tenant's, and its published versions, numbered per tenant. The `default` tenant's layer is the shared
 * one every tenant inherits.
 */
export interface KnowledgeStorage {
  catalogue: CatalogueRepository;
  intents: IntentRepository;
  versions: VersionRepository;
  /** The training runs of this layer's tenant (the workbench trains one tenant's content at a time). */
  trainingRuns: TrainingRunRepository;
}

export interface Storage {
  catalogue: CatalogueRepository;
  intents: IntentRepository;
  models: ModelRepository;
  tenants: TenantRepository;
  conversations: ConversationRepository;
  transcripts: TranscriptRepository;
  state: StateRepository;
  applications: ApplicationRepository;
  uploads: UploadRepository;
  users: UserRepository;
  handovers: HandoverRepository;
  tickets: TicketRepository;
  cannedResponses: CannedResponseRepository;
  audit: AuditRepository;
  versions: VersionRepository;
  trainingRuns: TrainingRunRepository;
  mustPass: MustPassRepository;
  inbox: InboxRepository;
  analytics: AnalyticsRepository;
  privacy: PrivacyRepository;
  /** A tenant's layer of the knowledge; `default`'s is `catalogue`, `intents`, `versions` and `trainingRuns` above. */
  knowledgeOf(tenantId: string): KnowledgeStorage;
  close(): Promise<void>;
}

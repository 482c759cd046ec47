import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { KnowledgeStorage, Storage } from '../repositories.js';
import { knowledgeLayers } from '../shared/knowledgeLayers.js';
import { USUAL_SYNCHRONOUS } from './fullySynced.js';
import { GroupCommit } from './GroupCommit.js';
import { migrate } from './migrations.js';
import { SqliteAnalyticsRepository } from './SqliteAnalyticsRepository.js';
import { SqliteApplicationRepository } from './SqliteApplicationRepository.js';
import { SqliteAuditRepository } from './SqliteAuditRepository.js';
import { SqliteCannedResponseRepository } from './SqliteCannedResponseRepository.js';
import { SqliteCatalogueRepository } from './SqliteCatalogueRepository.js';
import { SqliteConversationRepository } from './SqliteConversationRepository.js';
import { SqliteHandoverRepository } from './SqliteHandoverRepository.js';
import { SqliteInboxRepository } from './SqliteInboxRepository.js';
import { SqliteIntentRepository } from './SqliteIntentRepository.js';
import { SqliteModelRepository } from './SqliteModelRepository.js';
import { SqliteMustPassRepository } from './SqliteMustPassRepository.js';
import { SqlitePrivacyRepository } from './SqlitePrivacyRepository.js';
import { SqliteStateRepository } from './SqliteStateRepository.js';
import { SqliteTenantRepository } from './SqliteTenantRepository.js';
import { SqliteTicketRepository } from './SqliteTicketRepository.js';
import { SqliteTrainingRunRepository } from './SqliteTrainingRunRepository.js';
import { SqliteTranscriptRepository } from './SqliteTranscriptRepository.js';
import { SqliteUploadRepository } from './SqliteUploadRepository.js';
import { SqliteUserRepository } from './SqliteUserRepository.js';
import { SqliteVersionRepository } from './SqliteVersionRepository.js';
import { cacheStatements } from './statementCache.js';

/**
 * Opens (creating it and its directory if needed) the SQLite database at `file`, or an in-memory one for `':memory:'`,
 * and brings its schema up to date.
 */
export function openSqliteStorage(file: string): Storage {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file);
  try {
    // WAL lets readers (a `govbot` command, a backup) run beside the one writer; a writer of another process waits up
    // to 5 s for the lock instead of failing at once. See USUAL_SYNCHRONOUS for what survives what.
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma(`synchronous = ${USUAL_SYNCHRONOUS}`);
    migrate(db);
    cacheStatements(db);
  } catch (error) {
    db.close();
    throw new Error(`sqlite: cannot open ${file}`, { cause: error });
  }
  const group = new GroupCommit(db);
  const layer = (tenantId: string): KnowledgeStorage => ({
    catalogue: new SqliteCatalogueRepository(db, tenantId),
    intents: new SqliteIntentRepository(db, tenantId),
    versions: new SqliteVersionRepository(db, tenantId),
    trainingRuns: new SqliteTrainingRunRepository(db, tenantId),
  });
  const shared = layer(DEFAULT_TENANT);
  return {
    ...shared,
    models: new SqliteModelRepository(db),
    tenants: new SqliteTenantRepository(db),
    conversations: new SqliteConversationRepository(db, group),
    transcripts: new SqliteTranscriptRepository(db, group),
    state: new SqliteStateRepository(db, group),
    applications: new SqliteApplicationRepository(db),
    uploads: new SqliteUploadRepository(db),
    users: new SqliteUserRepository(db),
    handovers: new SqliteHandoverRepository(db),
    tickets: new SqliteTicketRepository(db),
    cannedResponses: new SqliteCannedResponseRepository(db),
    audit: new SqliteAuditRepository(db),
    mustPass: new SqliteMustPassRepository(db),
    inbox: new SqliteInboxRepository(db, group),
    analytics: new SqliteAnalyticsRepository(db, group),
    privacy: new SqlitePrivacyRepository(db, group),
    knowledgeOf: knowledgeLayers(shared, layer),
    close: async () => {
      group.flush();
      db.close();
    },
  };
}

import pg from 'pg';
import { redactedUrl } from '../../config/databaseUrl.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { KnowledgeStorage, Storage } from '../repositories.js';
import { knowledgeLayers } from '../shared/knowledgeLayers.js';
import { migrate } from './migrations.js';
import { PostgresAnalyticsRepository } from './PostgresAnalyticsRepository.js';
import { PostgresApplicationRepository } from './PostgresApplicationRepository.js';
import { PostgresAuditRepository } from './PostgresAuditRepository.js';
import { PostgresCannedResponseRepository } from './PostgresCannedResponseRepository.js';
import { PostgresCatalogueRepository } from './PostgresCatalogueRepository.js';
import { PostgresConversationRepository } from './PostgresConversationRepository.js';
import { PostgresDb } from './PostgresDb.js';
import { PostgresHandoverRepository } from './PostgresHandoverRepository.js';
import { PostgresInboxRepository } from './PostgresInboxRepository.js';
import { PostgresIntentRepository } from './PostgresIntentRepository.js';
import { PostgresModelRepository } from './PostgresModelRepository.js';
import { PostgresMustPassRepository } from './PostgresMustPassRepository.js';
import { PostgresPrivacyRepository } from './PostgresPrivacyRepository.js';
import { PostgresStateRepository } from './PostgresStateRepository.js';
import { PostgresTenantRepository } from './PostgresTenantRepository.js';
import { PostgresTicketRepository } from './PostgresTicketRepository.js';
import { PostgresTrainingRunRepository } from './PostgresTrainingRunRepository.js';
import { PostgresTranscriptRepository } from './PostgresTranscriptRepository.js';
import { PostgresUploadRepository } from './PostgresUploadRepository.js';
import { PostgresUserRepository } from './PostgresUserRepository.js';
import { PostgresVersionRepository } from './PostgresVersionRepository.js';
import { typeParsers } from './typeParsers.js';

export interface PostgresOptions {
  /** `postgres://user:password@host:5432/database` (DATABASE_URL). */
  url: string;
  /** A schema of its own for GovBot's tables (tests: one per storage); default the role's search_path (`public`). */
  schema?: string;
  /** Most connections this storage opens at once (default 10). */
  poolSize?: number;
  /** An idle connection failed (the server restarted, a network cut): the pool drops it and reconnects on demand. */
  onIdleError?: (error: Error) => void;
}

/**
 * Ten connections: Node runs one statement at a time per connection but many turns at once, and a transaction waiting
 * for a lock (a publication, an update of the corpora) holds its connection meanwhile. Several instances of GovBot times
 * ten stay well below PostgreSQL's default `max_connections` (100).
 */
const DEFAULT_POOL_SIZE = 10;

/** A schema name safe in DDL and startup options, which take no parameters: lower-case letters, digits, underscores. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Connects to PostgreSQL, brings the schema up to date (one transaction, instances starting at once take turns) and
 * returns the repositories. Every session runs with DateStyle ISO and time zone UTC, which the type parsers rely on,
 * and `synchronous_commit` as the server has it (on by default; application submissions insist on it). The pool
 * connects lazily: the migration opens the first connection, so a wrong URL fails here, with the password redacted.
 */
export async function openPostgresStorage(options: PostgresOptions): Promise<Storage> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`postgres: not a schema name: ${JSON.stringify(options.schema)}`);
  }
  const settings = ['-c DateStyle=ISO', '-c TimeZone=UTC'];
  if (options.schema !== undefined) settings.push(`-c search_path=${options.schema}`);
  const pool = new pg.Pool({
    ...connectionOf(options.url, settings),
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    // Idle connections are closed after a while; a pool that cannot get one within 10 s reports it instead of
    // letting requests hang while the database is away.
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    application_name: 'govbot',
    types: typeParsers(),
  });
  // Without a listener an idle connection's error (the server restarted) would crash the process.
  pool.on('error', (error) => options.onIdleError?.(error));
  const db = new PostgresDb(pool);
  try {
    await migrate(db, { schema: options.schema });
  } catch (error) {
    await db.close();
    throw new Error(`postgres: cannot open ${redactedUrl(options.url)}`, { cause: error });
  }
  const layer = (tenantId: string): KnowledgeStorage => ({
    catalogue: new PostgresCatalogueRepository(db, tenantId),
    intents: new PostgresIntentRepository(db, tenantId),
    versions: new PostgresVersionRepository(db, tenantId),
    trainingRuns: new PostgresTrainingRunRepository(db, tenantId),
  });
  const shared = layer(DEFAULT_TENANT);
  return {
    ...shared,
    models: new PostgresModelRepository(db),
    tenants: new PostgresTenantRepository(db),
    conversations: new PostgresConversationRepository(db),
    transcripts: new PostgresTranscriptRepository(db),
    state: new PostgresStateRepository(db),
    applications: new PostgresApplicationRepository(db),
    uploads: new PostgresUploadRepository(db),
    users: new PostgresUserRepository(db),
    handovers: new PostgresHandoverRepository(db),
    tickets: new PostgresTicketRepository(db),
    cannedResponses: new PostgresCannedResponseRepository(db),
    audit: new PostgresAuditRepository(db),
    mustPass: new PostgresMustPassRepository(db),
    inbox: new PostgresInboxRepository(db),
    analytics: new PostgresAnalyticsRepository(db),
    privacy: new PostgresPrivacyRepository(db),
    knowledgeOf: knowledgeLayers(shared, layer),
    close: () => db.close(),
  };
}

/**
 * The connection string and the session settings every connection starts with (the `options` of PostgreSQL's startup
 * packet, no extra round trip). node-postgres lets an `options` parameter of the URL replace the config's altogether,
 * so the URL's own options (a search_path, say) are moved in front of GovBot's settings, which thus win.
 */
function connectionOf(url: string, settings: string[]): { connectionString: string; options: string } {
  const parsed = new URL(url);
  const own = parsed.searchParams.get('options');
  if (own === null) return { connectionString: url, options: settings.join(' ') };
  parsed.searchParams.delete('options');
  return { connectionString: parsed.toString(), options: [own, ...settings].join(' ') };
}

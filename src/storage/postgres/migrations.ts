import { z } from 'zod';
import { LOCK, type Sql } from './PostgresDb.js';
import { parseRow } from './parseRow.js';

/**
 * The PostgreSQL schema as an ordered list of steps; step N brings the database to version N, recorded in
 * `govbot_schema_migrations`. Steps are only ever appended: a released step is never edited, because databases in the
 * field have already run it.
 *
 * Step 1 is SQLite's schema as of its step 6 (src/storage/sqlite/migrations.ts), with PostgreSQL's types:
 * - instants are `timestamptz` (the pool reads them back as the UTC ISO strings SQLite stores);
 * - JSON documents stay `text`: they come back byte for byte as saved (snapshots are addressed by the hash of their
 *   text), and SQL looks into one of them only (applications' attachments, cast to jsonb there);
 * - SQLite's implicit `rowid`, which its queries use to order rows inserted in the same millisecond, is an explicit
 *   identity column `seq` where a query needs it;
 * - flags are `boolean`, scores and progress `double precision`, files `bytea`;
 * - two indexes SQLite lacks, on the foreign keys `handovers.conversation_id` and `handover_notes.handover_id`, so that
 *   deleting a conversation does not scan every handover and note.
 * Text is compared and sorted as SQLite does (bytewise) by `COLLATE "C"` in the queries that sort by text, whatever
 * the database's locale.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE services (
    tenant_id text NOT NULL DEFAULT 'default',
    id text NOT NULL,
    json text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  CREATE TABLE offices (
    tenant_id text NOT NULL DEFAULT 'default',
    id text NOT NULL,
    json text NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  CREATE TABLE corpora (
    tenant_id text NOT NULL DEFAULT 'default',
    position integer NOT NULL,
    name text NOT NULL,
    locale text NOT NULL,
    json text NOT NULL,
    path text NOT NULL,
    PRIMARY KEY (tenant_id, position)
  );
  CREATE UNIQUE INDEX corpora_by_path ON corpora (tenant_id, path);
  CREATE TABLE models (
    fingerprint text PRIMARY KEY,
    created_at timestamptz NOT NULL,
    data text NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX models_by_created_at ON models (created_at);
  CREATE TABLE conversations (
    id text PRIMARY KEY,
    tenant_id text NOT NULL DEFAULT 'default',
    channel text NOT NULL,
    locale text NOT NULL,
    token_hash text UNIQUE,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE INDEX conversations_by_updated_at ON conversations (updated_at);
  CREATE INDEX conversations_by_created_at ON conversations (tenant_id, created_at);
  CREATE TABLE transcript (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    activity_id text,
    role text NOT NULL,
    timestamp timestamptz NOT NULL,
    json text NOT NULL
  );
  CREATE INDEX transcript_by_conversation ON transcript (conversation_id, seq);
  CREATE UNIQUE INDEX transcript_activity_once ON transcript (conversation_id, role, activity_id)
    WHERE activity_id IS NOT NULL;
  CREATE TABLE state (
    key text PRIMARY KEY,
    etag text NOT NULL,
    conversation_id text,
    json text NOT NULL,
    updated_at timestamptz NOT NULL
  );
  CREATE INDEX state_by_conversation ON state (conversation_id) WHERE conversation_id IS NOT NULL;

  CREATE TABLE applications (
    tenant_id text NOT NULL DEFAULT 'default',
    reference text PRIMARY KEY,
    submission_key text NOT NULL UNIQUE,
    conversation_id text NOT NULL,
    dialog_id text NOT NULL,
    receipt_token_hash text NOT NULL UNIQUE,
    submitted_at timestamptz NOT NULL,
    json text NOT NULL
  );
  CREATE INDEX applications_by_conversation ON applications (conversation_id);
  CREATE TABLE deliveries (
    id text PRIMARY KEY,
    reference text NOT NULL REFERENCES applications (reference) ON DELETE CASCADE,
    recipient_id text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    lease_until timestamptz,
    last_error text,
    delivered_at timestamptz,
    created_at timestamptz NOT NULL,
    UNIQUE (reference, recipient_id)
  );
  CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
  CREATE TABLE uploads (
    id text PRIMARY KEY,
    tenant_id text NOT NULL DEFAULT 'default',
    conversation_id text NOT NULL,
    name text NOT NULL,
    content_type text NOT NULL,
    size integer NOT NULL,
    sha256 text NOT NULL,
    data bytea NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE INDEX uploads_by_conversation ON uploads (conversation_id);
  -- A conversation's uploads go with it, except those a submitted application names as attachments. The function
  -- keeps the search_path it was created with, so it finds this schema's tables whoever deletes.
  CREATE FUNCTION govbot_delete_uploads_of_conversation() RETURNS trigger LANGUAGE plpgsql
  SET search_path FROM CURRENT AS $$
  BEGIN
    DELETE FROM uploads WHERE conversation_id = OLD.id AND id NOT IN (
      SELECT attachment ->> 'uploadId'
      FROM applications, jsonb_array_elements(applications.json::jsonb -> 'attachments') AS attachment
      WHERE applications.conversation_id = OLD.id AND attachment ->> 'uploadId' IS NOT NULL
    );
    RETURN OLD;
  END;
  $$;
  CREATE TRIGGER uploads_deleted_with_conversation AFTER DELETE ON conversations
    FOR EACH ROW EXECUTE FUNCTION govbot_delete_uploads_of_conversation();

  CREATE TABLE users (
    tenant_id text NOT NULL DEFAULT 'default',
    id text PRIMARY KEY,
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('agent', 'editor', 'publisher', 'admin')),
    password_hash text NOT NULL,
    failed_logins integer NOT NULL DEFAULT 0,
    locked_until timestamptz,
    created_at timestamptz NOT NULL,
    UNIQUE (tenant_id, name)
  );
  CREATE TABLE sessions (
    id_hash text PRIMARY KEY,
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE INDEX sessions_by_expires_at ON sessions (expires_at);

  CREATE TABLE handovers (
    tenant_id text NOT NULL DEFAULT 'default',
    id text PRIMARY KEY,
    conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    channel text NOT NULL,
    status text NOT NULL CHECK (status IN ('queued', 'connected', 'completed', 'cancelled', 'failed')),
    reason text NOT NULL,
    lang text NOT NULL,
    topic_json text,
    dialog_id text,
    address_json text NOT NULL,
    requested_at timestamptz NOT NULL,
    accepted_at timestamptz,
    first_agent_reply_at timestamptz,
    ended_at timestamptz,
    agent_id text,
    agent_name text,
    outcome text,
    external boolean NOT NULL DEFAULT false,
    seq bigint GENERATED ALWAYS AS IDENTITY
  );
  CREATE UNIQUE INDEX handovers_one_active ON handovers (conversation_id) WHERE status IN ('queued', 'connected');
  CREATE INDEX handovers_by_conversation ON handovers (conversation_id);
  CREATE INDEX handovers_by_requested_at ON handovers (tenant_id, requested_at);
  CREATE INDEX handovers_by_status ON handovers (tenant_id, status);
  CREATE TABLE handover_notes (
    id text PRIMARY KEY,
    handover_id text NOT NULL REFERENCES handovers (id) ON DELETE CASCADE,
    conversation_id text NOT NULL,
    author_id text NOT NULL,
    author_name text NOT NULL,
    text text NOT NULL,
    created_at timestamptz NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX handover_notes_by_conversation ON handover_notes (conversation_id, created_at);
  CREATE INDEX handover_notes_by_handover ON handover_notes (handover_id);
  CREATE TABLE tickets (
    tenant_id text NOT NULL DEFAULT 'default',
    id text PRIMARY KEY,
    number text NOT NULL UNIQUE,
    conversation_id text,
    name text NOT NULL,
    email text,
    phone text,
    question text NOT NULL,
    lang text NOT NULL,
    topic_json text,
    consent_at timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
    assigned_to text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX tickets_by_status ON tickets (tenant_id, status, created_at);
  CREATE TABLE canned_responses (
    tenant_id text NOT NULL DEFAULT 'default',
    id text PRIMARY KEY,
    title text NOT NULL,
    text text NOT NULL,
    lang text NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL
  );
  CREATE TABLE audit_log (
    tenant_id text NOT NULL DEFAULT 'default',
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    actor_id text,
    actor_name text NOT NULL,
    action text NOT NULL,
    conversation_id text,
    details_json text NOT NULL
  );
  CREATE INDEX audit_by_conversation ON audit_log (conversation_id, id);
  CREATE INDEX audit_by_action ON audit_log (tenant_id, action, id);

  CREATE TABLE snapshots (
    hash text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('corpora', 'catalogue')),
    json text NOT NULL,
    created_at timestamptz NOT NULL
  );
  CREATE TABLE model_versions (
    tenant_id text NOT NULL DEFAULT 'default',
    version integer NOT NULL,
    published_at timestamptz NOT NULL,
    published_by text NOT NULL,
    fingerprint text NOT NULL,
    corpora_hash text NOT NULL,
    catalogue_hash text NOT NULL,
    training_run_id text,
    gate_passed boolean,
    override_reason text,
    override_by text,
    rollback_of integer,
    note text,
    PRIMARY KEY (tenant_id, version)
  );
  CREATE TABLE training_runs (
    tenant_id text NOT NULL DEFAULT 'default',
    id text PRIMARY KEY,
    status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    phase text NOT NULL,
    progress double precision NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz,
    started_by text NOT NULL,
    corpora_hash text NOT NULL,
    catalogue_hash text NOT NULL,
    fingerprint text,
    gate_json text,
    error text,
    seq bigint GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX training_runs_by_started_at ON training_runs (tenant_id, started_at);
  CREATE INDEX training_runs_running ON training_runs (status) WHERE status = 'running';
  CREATE TABLE must_pass (
    tenant_id text NOT NULL DEFAULT 'default',
    id text PRIMARY KEY,
    text text NOT NULL,
    lang text NOT NULL,
    intent text NOT NULL,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL,
    seq bigint GENERATED ALWAYS AS IDENTITY,
    UNIQUE (tenant_id, lang, text)
  );
  CREATE TABLE inbox (
    tenant_id text NOT NULL DEFAULT 'default',
    id text PRIMARY KEY,
    at timestamptz NOT NULL,
    conversation_id text,
    lang text NOT NULL,
    text text NOT NULL,
    reason text NOT NULL,
    intent text NOT NULL,
    score double precision NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'assigned', 'new_service', 'ignored')),
    resolved_intent text,
    resolved_by text,
    resolved_at timestamptz,
    seq bigint GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX inbox_by_status ON inbox (tenant_id, status, at);
  CREATE INDEX inbox_by_conversation ON inbox (conversation_id) WHERE conversation_id IS NOT NULL;
  CREATE TABLE turn_events (
    tenant_id text NOT NULL DEFAULT 'default',
    at timestamptz NOT NULL,
    day text NOT NULL,
    conversation_id text NOT NULL,
    lang text NOT NULL,
    outcome text NOT NULL,
    intent text NOT NULL,
    service_id text
  );
  CREATE INDEX turn_events_by_at ON turn_events (tenant_id, at);
  CREATE INDEX turn_events_by_service ON turn_events (tenant_id, service_id, at) WHERE service_id IS NOT NULL;
  CREATE TABLE dialog_events (
    tenant_id text NOT NULL DEFAULT 'default',
    at timestamptz NOT NULL,
    day text NOT NULL,
    conversation_id text NOT NULL,
    dialog_id text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('started', 'asked', 'submitted', 'cancelled')),
    field text,
    seq bigint GENERATED ALWAYS AS IDENTITY
  );
  CREATE INDEX dialog_events_by_at ON dialog_events (tenant_id, at);
  `,
  // 2: tenants (docs/tenants.md), as SQLite's step 7. `conversations.tenant_id` and its index (tenant_id, created_at)
  // exist since step 1, every row 'default'; the tenant `default` itself is created here, with no settings of its own
  // (it takes the installation's from the environment), so that every database has it.
  `
  CREATE TABLE tenants (
    id text PRIMARY KEY,
    settings_json text NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  );
  INSERT INTO tenants (id, settings_json, created_at, updated_at) VALUES ('default', '{}', now(), now());
  `,
  // 3: staff per tenant, as SQLite's step 8: the tenants each staff user works for; every user so far worked for the
  // only tenant there was.
  `
  CREATE TABLE staff_tenants (
    user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id text NOT NULL REFERENCES tenants (id),
    PRIMARY KEY (user_id, tenant_id)
  );
  CREATE INDEX staff_tenants_by_tenant ON staff_tenants (tenant_id);
  INSERT INTO staff_tenants (user_id, tenant_id) SELECT id, 'default' FROM users;
  `,
];

const VersionRow = z.object({ version: z.number().int() });

/**
 * Brings the schema up to the newest version in one transaction. `pg_advisory_xact_lock` makes instances that start at
 * once take turns: the second waits, then reads the versions the first recorded and applies nothing. A schema newer
 * than this GovBot knows is refused rather than used. With `schema` the tables live in that schema (created when
 * missing; the pool's search_path must name it). `target` stops at an older version, for tests of a later step.
 */
export async function migrate(
  db: { transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T> },
  options: { schema?: string; target?: number } = {},
): Promise<number> {
  const target = options.target ?? migrations.length;
  return db.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1, 0)', [LOCK.migrations]);
    // An identifier, checked by the caller (PostgresOptions), quoted here: DDL takes no bound parameters.
    if (options.schema !== undefined) await sql.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    await sql.query(
      `CREATE TABLE IF NOT EXISTS govbot_schema_migrations (
         version integer PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const found = await schemaVersion(sql);
    if (found > migrations.length) {
      throw new Error(
        `postgres: database schema version ${found} is newer than this GovBot knows (${migrations.length})`,
      );
    }
    for (let version = found + 1; version <= target; version += 1) {
      // Without parameters node-postgres sends the simple query protocol, which runs several statements at once.
      await sql.query(migrations[version - 1] ?? '');
      await sql.query('INSERT INTO govbot_schema_migrations (version) VALUES ($1)', [version]);
    }
    return Math.max(found, target);
  });
}

/** The newest version recorded, 0 for a fresh schema. */
export async function schemaVersion(sql: Sql): Promise<number> {
  const { rows } = await sql.query('SELECT coalesce(max(version), 0) AS version FROM govbot_schema_migrations');
  return parseRow(VersionRow, rows[0], 'govbot_schema_migrations').version;
}

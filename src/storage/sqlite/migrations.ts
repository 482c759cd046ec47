import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { corpusPath } from '../shared/corpusFiles.js';
import { parseRow } from './parseRow.js';

/** A step is SQL, or a function for the rare step that must compute data SQL cannot (it runs in the transaction). */
export type Migration = string | ((db: Database) => void);

/**
 * The schema as an ordered list of steps; step N brings the database to `PRAGMA user_version = N`. Steps are only
 * ever appended: a released step is never edited, because databases in the field have already run it.
 */
export const migrations: readonly Migration[] = [
  // 1: initial schema. `tenant_id` columns prepare multi-tenancy; today every row belongs to 'default'.
  `
  CREATE TABLE services (
    tenant_id TEXT NOT NULL DEFAULT 'default',
    id TEXT NOT NULL,
    json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  CREATE TABLE offices (
    tenant_id TEXT NOT NULL DEFAULT 'default',
    id TEXT NOT NULL,
    json TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
  );
  CREATE TABLE corpora (
    tenant_id TEXT NOT NULL DEFAULT 'default',
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    locale TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (tenant_id, position)
  );
  CREATE TABLE models (
    fingerprint TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX models_by_created_at ON models (created_at);
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL DEFAULT 'default',
    channel TEXT NOT NULL,
    locale TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX conversations_by_updated_at ON conversations (updated_at);
  CREATE TABLE transcript (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    activity_id TEXT,
    role TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX transcript_by_conversation ON transcript (conversation_id, seq);
  CREATE UNIQUE INDEX transcript_activity_once ON transcript (conversation_id, role, activity_id)
    WHERE activity_id IS NOT NULL;
  CREATE TABLE state (
    key TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    conversation_id TEXT,
    json TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX state_by_conversation ON state (conversation_id) WHERE conversation_id IS NOT NULL;
  `,
  // 2: applications, their outbox, uploads. An application outlives its conversation (no foreign key), and so do the
  // uploads it names as attachments. Uploads carry no foreign key either: on Bot Framework channels a file is stored
  // before the first activity creates the conversation. The trigger deletes a conversation's other uploads with it.
  `
  CREATE TABLE applications (
    tenant_id TEXT NOT NULL DEFAULT 'default',
    reference TEXT PRIMARY KEY,
    submission_key TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL,
    dialog_id TEXT NOT NULL,
    receipt_token_hash TEXT NOT NULL UNIQUE,
    submitted_at TEXT NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX applications_by_conversation ON applications (conversation_id);
  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    reference TEXT NOT NULL REFERENCES applications (reference) ON DELETE CASCADE,
    recipient_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    lease_until TEXT,
    last_error TEXT,
    delivered_at TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (reference, recipient_id)
  );
  CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    tenant_id TEXT NOT NULL DEFAULT 'default',
    conversation_id TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX uploads_by_conversation ON uploads (conversation_id);
  CREATE TRIGGER uploads_deleted_with_conversation AFTER DELETE ON conversations BEGIN
    DELETE FROM uploads WHERE conversation_id = OLD.id AND id NOT IN (
      SELECT json_extract(attachment.value, '$.uploadId')
      FROM applications, json_each(applications.json, '$.attachments') AS attachment
      WHERE applications.conversation_id = OLD.id AND json_extract(attachment.value, '$.uploadId') IS NOT NULL
    );
  END;
  `,
  // 3: staff users (agents, editors, publishers, admins) and their login sessions. A session row holds only the SHA-256
  // of its token; deleting a user ends their sessions.
  `
  CREATE TABLE users (
    tenant_id TEXT NOT NULL DEFAULT 'default',
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('agent', 'editor', 'publisher', 'admin')),
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (tenant_id, name)
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX sessions_by_user ON sessions (user_id);
  CREATE INDEX sessions_by_expires_at ON sessions (expires_at);
  `,
  // 4: escalation to the service centre: handovers (at most one active per conversation), agents' notes, contact
  // requests (tickets), canned responses and the audit log. Handovers and notes go with their conversation; tickets
  // and audit entries keep the conversation id as plain text, because they outlive it.
  `
  CREATE TABLE handovers (
    tenant_id TEXT NOT NULL DEFAULT 'default',
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'connected', 'completed', 'cancelled', 'failed')),
    reason TEXT NOT NULL,
    lang TEXT NOT NULL,
    topic_json TEXT,
    dialog_id TEXT,
    address_json TEXT NOT NULL,
    requested_at TEXT NOT NULL,
    accepted_at TEXT,
    first_agent_reply_at TEXT,
    ended_at TEXT,
    agent_id TEXT,
    agent_name TEXT,
    outcome TEXT,
    external INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX handovers_one_active ON handovers (conversation_id) WHERE status IN ('queued', 'connected');
  CREATE INDEX handovers_by_requested_at ON handovers (tenant_id, requested_at);
  CREATE INDEX handovers_by_status ON handovers (tenant_id, status);
  CREATE TABLE handover_notes (
    id TEXT PRIMARY KEY,
    handover_id TEXT NOT NULL REFERENCES handovers (id) ON DELETE CASCADE,
    conversation_id TEXT NOT NULL,
    author_id TEXT NOT NULL,
    author_name TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX handover_notes_by_conversation ON handover_notes (conversation_id, created_at);
  CREATE TABLE tickets (
    tenant_id TEXT NOT NULL DEFAULT 'default',
    id TEXT PRIMARY KEY,
    number TEXT NOT NULL UNIQUE,
    conversation_id TEXT,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    question TEXT NOT NULL,
    lang TEXT NOT NULL,
    topic_json TEXT,
    consent_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done')),
    assigned_to TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX tickets_by_status ON tickets (tenant_id, status, created_at);
  CREATE TABLE canned_responses (
    tenant_id TEXT NOT NULL DEFAULT 'default',
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    lang TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );
  CREATE TABLE audit_log (
    tenant_id TEXT NOT NULL DEFAULT 'default',
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    conversation_id TEXT,
    details_json TEXT NOT NULL
  );
  CREATE INDEX audit_by_conversation ON audit_log (conversation_id, id);
  CREATE INDEX audit_by_action ON audit_log (tenant_id, action, id);
  `,
  // 5: the editors' workbench. Corpora learn the file under `intents/` they are exported to. Snapshots are content
  // addressed (like models, shared by all tenants); versions are numbered per tenant. Analytics rows carry their UTC
  // day so that grouping by day needs no date arithmetic in SQL.
  (db) => {
    db.exec(`
    ALTER TABLE corpora ADD COLUMN path TEXT NOT NULL DEFAULT '';
    CREATE TABLE snapshots (
      hash TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('corpora', 'catalogue')),
      json TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE TABLE model_versions (
      tenant_id TEXT NOT NULL DEFAULT 'default',
      version INTEGER NOT NULL,
      published_at TEXT NOT NULL,
      published_by TEXT NOT NULL,
      fingerprint TEXT NOT NULL,
      corpora_hash TEXT NOT NULL,
      catalogue_hash TEXT NOT NULL,
      training_run_id TEXT,
      gate_passed INTEGER,
      override_reason TEXT,
      override_by TEXT,
      rollback_of INTEGER,
      note TEXT,
      PRIMARY KEY (tenant_id, version)
    );
    CREATE TABLE training_runs (
      tenant_id TEXT NOT NULL DEFAULT 'default',
      id TEXT PRIMARY KEY,
      status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
      phase TEXT NOT NULL,
      progress REAL NOT NULL,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      started_by TEXT NOT NULL,
      corpora_hash TEXT NOT NULL,
      catalogue_hash TEXT NOT NULL,
      fingerprint TEXT,
      gate_json TEXT,
      error TEXT
    );
    CREATE INDEX training_runs_by_started_at ON training_runs (tenant_id, started_at);
    CREATE INDEX training_runs_running ON training_runs (status) WHERE status = 'running';
    CREATE TABLE must_pass (
      tenant_id TEXT NOT NULL DEFAULT 'default',
      id TEXT PRIMARY KEY,
      text TEXT NOT NULL,
      lang TEXT NOT NULL,
      intent TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (tenant_id, lang, text)
    );
    CREATE TABLE inbox (
      tenant_id TEXT NOT NULL DEFAULT 'default',
      id TEXT PRIMARY KEY,
      at TEXT NOT NULL,
      conversation_id TEXT,
      lang TEXT NOT NULL,
      text TEXT NOT NULL,
      reason TEXT NOT NULL,
      intent TEXT NOT NULL,
      score REAL NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('open', 'assigned', 'new_service', 'ignored')),
      resolved_intent TEXT,
      resolved_by TEXT,
      resolved_at TEXT
    );
    CREATE INDEX inbox_by_status ON inbox (tenant_id, status, at);
    CREATE TABLE turn_events (
      tenant_id TEXT NOT NULL DEFAULT 'default',
      at TEXT NOT NULL,
      day TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      lang TEXT NOT NULL,
      outcome TEXT NOT NULL,
      intent TEXT NOT NULL,
      service_id TEXT
    );
    CREATE INDEX turn_events_by_at ON turn_events (tenant_id, at);
    CREATE INDEX turn_events_by_service ON turn_events (tenant_id, service_id, at) WHERE service_id IS NOT NULL;
    CREATE TABLE dialog_events (
      tenant_id TEXT NOT NULL DEFAULT 'default',
      at TEXT NOT NULL,
      day TEXT NOT NULL,
      conversation_id TEXT NOT NULL,
      dialog_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('started', 'asked', 'submitted', 'cancelled')),
      field TEXT
    );
    CREATE INDEX dialog_events_by_at ON dialog_events (tenant_id, at);
    CREATE INDEX conversations_by_created_at ON conversations (tenant_id, created_at);
    `);
    fillCorpusPaths(db);
    db.exec('CREATE UNIQUE INDEX corpora_by_path ON corpora (tenant_id, path)');
  },
  // 6: "Chat löschen" deletes a conversation's inbox entries, found by conversation.
  `CREATE INDEX inbox_by_conversation ON inbox (conversation_id) WHERE conversation_id IS NOT NULL;`,
  // 7: tenants (docs/tenants.md). `conversations.tenant_id` and its index (tenant_id, created_at) exist since steps 1
  // and 5, every row 'default'; the tenant `default` itself is created here, with no settings of its own (it takes
  // the installation's from the environment), so that every database has it.
  `
  CREATE TABLE tenants (
    id TEXT PRIMARY KEY,
    settings_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  INSERT INTO tenants (id, settings_json, created_at, updated_at)
    VALUES ('default', '{}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
  `,
  // 8: staff per tenant (docs/tenants.md): the tenants each staff user works for. Every user so far worked for the
  // only tenant there was.
  `
  CREATE TABLE staff_tenants (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    tenant_id TEXT NOT NULL REFERENCES tenants (id),
    PRIMARY KEY (user_id, tenant_id)
  );
  CREATE INDEX staff_tenants_by_tenant ON staff_tenants (tenant_id);
  INSERT INTO staff_tenants (user_id, tenant_id) SELECT id, 'default' FROM users;
  `,
];

/**
 * The files the default corpus was seeded from, by corpus name: databases from before step 5 never stored them, and
 * without them export would write the default corpus to new files beside the old ones.
 */
const DEFAULT_CORPUS_FILES: Readonly<Record<string, string>> = {
  Gesprächsführung: 'conversation',
  'Außerhalb des Themenbereichs': 'out-of-scope',
  Dienstleistungen: 'services',
  Conversation: 'conversation',
  'Out of scope': 'out-of-scope',
  Services: 'services',
};

const StoredCorpusRow = z.object({ tenant_id: z.string(), position: z.number(), name: z.string(), locale: z.string() });

/** Step 5's paths for existing corpora: the default corpus's real files, else `<locale>/<slug of name>.json`. */
function fillCorpusPaths(db: Database): void {
  const update = db.prepare('UPDATE corpora SET path = ? WHERE tenant_id = ? AND position = ?');
  const taken = new Map<string, Set<string>>();
  for (const raw of db
    .prepare('SELECT tenant_id, position, name, locale FROM corpora ORDER BY tenant_id, position')
    .all()) {
    const row = parseRow(StoredCorpusRow, raw, 'corpora');
    const paths = taken.get(row.tenant_id) ?? new Set<string>();
    taken.set(row.tenant_id, paths);
    const path = corpusPath(row.locale, DEFAULT_CORPUS_FILES[row.name] ?? row.name, paths);
    paths.add(path);
    update.run(path, row.tenant_id, row.position);
  }
}

/**
 * Brings the database up to the newest schema version. Each step runs in its own IMMEDIATE transaction that re-reads
 * `user_version`, so two processes starting on the same file at once apply every step exactly once. `target` stops
 * at an older version, for tests of a later step on a database as the field has it.
 */
export function migrate(db: Database, target = migrations.length): number {
  const found = userVersion(db);
  if (found > migrations.length) {
    throw new Error(`sqlite: database schema version ${found} is newer than this GovBot knows (${migrations.length})`);
  }
  migrations.slice(0, target).forEach((step, index) => {
    const version = index + 1;
    db.transaction(() => {
      if (userVersion(db) >= version) return;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      // PRAGMA takes no bound parameters; `version` is an integer we computed.
      db.pragma(`user_version = ${version}`);
    }).immediate();
  });
  return userVersion(db);
}

export function userVersion(db: Database): number {
  const version: unknown = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error(`sqlite: PRAGMA user_version returned ${String(version)}`);
  return version;
}

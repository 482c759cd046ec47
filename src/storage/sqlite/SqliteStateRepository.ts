import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { StateRepository } from '../repositories.js';
import { conversationIdOfStateKey, EtagRow, StateRow } from '../shared/state.js';
import type { GroupCommit } from './GroupCommit.js';
import { JsonObject, parseJsonColumn, parseRow } from './parseRow.js';

/**
 * Bot state under botbuilder keys with optimistic concurrency: every write gets a fresh eTag, and a batch with one
 * stale eTag writes nothing.
 */
export class SqliteStateRepository implements StateRepository {
  constructor(
    private readonly db: Database,
    private readonly group: GroupCommit,
  ) {}

  async readState(keys: string[]): Promise<Record<string, { value: Record<string, unknown>; eTag: string }>> {
    const rows = this.db
      .prepare('SELECT key, etag, json FROM state WHERE key IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(keys));
    // fromEntries defines own properties, so even a key like `__proto__` comes back as data.
    return Object.fromEntries(
      rows.map((row) => {
        const { key, etag, json } = parseRow(StateRow, row, 'state');
        return [key, { value: parseJsonColumn(JsonObject, json, `state "${key}"`), eTag: etag }];
      }),
    );
  }

  async writeState(changes: Record<string, { value: Record<string, unknown>; eTag?: string }>): Promise<void> {
    // Serialised now: the values may change after the call, before the group runs.
    const entries = Object.entries(changes).map(([key, { value, eTag }]) => ({
      key,
      eTag,
      json: JSON.stringify(value),
    }));
    const current = this.db.prepare('SELECT etag FROM state WHERE key = ?');
    const upsert = this.db.prepare(
      `INSERT INTO state (key, etag, conversation_id, json, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, json = excluded.json, updated_at = excluded.updated_at`,
    );
    const now = new Date().toISOString();
    return this.group.write(() => {
      for (const { key, eTag, json } of entries) {
        if (eTag !== undefined && eTag !== '' && eTag !== '*') {
          const row = current.get(key);
          const stored = row === undefined ? undefined : parseRow(EtagRow, row, 'state').etag;
          if (stored !== eTag) {
            throw new Error(
              `sqlite: eTag conflict writing state "${key}": expected ${eTag}, found ${stored ?? 'no stored item'}`,
            );
          }
        }
        upsert.run(key, randomUUID(), conversationIdOfStateKey(key) ?? null, json, now);
      }
    });
  }

  async deleteState(keys: string[]): Promise<void> {
    return this.group.write(() => {
      this.db.prepare('DELETE FROM state WHERE key IN (SELECT value FROM json_each(?))').run(JSON.stringify(keys));
    });
  }
}

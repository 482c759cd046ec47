import { randomUUID } from 'node:crypto';
import type { StateRepository } from '../repositories.js';
import { conversationIdOfStateKey, EtagRow, StateRow } from '../shared/state.js';

import type { PostgresDb } from './PostgresDb.js';
import { JsonObject, parseJsonColumn, parseRow } from './parseRow.js';

/**
 * Bot state under botbuilder keys with optimistic concurrency: every write gets a fresh eTag, and a batch with one
 * stale eTag writes nothing. A checked entry's row is locked (`FOR UPDATE`) between check and write, so of two
 * instances writing with the same eTag one sees the other's new eTag and fails.
 */
export class PostgresStateRepository implements StateRepository {
  constructor(private readonly db: PostgresDb) {}

  async readState(keys: string[]): Promise<Record<string, { value: Record<string, unknown>; eTag: string }>> {
    if (keys.length === 0) return {};
    const { rows } = await this.db.query('SELECT key, etag, json FROM state WHERE key = ANY ($1::text[])', [keys]);
    // fromEntries defines own properties, so even a key like `__proto__` comes back as data.
    return Object.fromEntries(
      rows.map((row) => {
        const { key, etag, json } = parseRow(StateRow, row, 'state');
        return [key, { value: parseJsonColumn(JsonObject, json, `state "${key}"`), eTag: etag }];
      }),
    );
  }

  async writeState(changes: Record<string, { value: Record<string, unknown>; eTag?: string }>): Promise<void> {
    const now = new Date().toISOString();
    // In key order: two batches locking overlapping keys then take them in the same order and cannot deadlock.
    const entries = Object.entries(changes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await this.db.transaction(async (sql) => {
      for (const [key, { value, eTag }] of entries) {
        if (eTag !== undefined && eTag !== '' && eTag !== '*') {
          const { rows } = await sql.query('SELECT etag FROM state WHERE key = $1 FOR UPDATE', [key]);
          const stored = rows[0] === undefined ? undefined : parseRow(EtagRow, rows[0], 'state').etag;
          if (stored !== eTag) {
            throw new Error(
              `postgres: eTag conflict writing state "${key}": expected ${eTag}, found ${stored ?? 'no stored item'}`,
            );
          }
        }
        await sql.query(
          `INSERT INTO state (key, etag, conversation_id, json, updated_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (key) DO UPDATE SET etag = excluded.etag, json = excluded.json, updated_at = excluded.updated_at`,
          [key, randomUUID(), conversationIdOfStateKey(key) ?? null, JSON.stringify(value), now],
        );
      }
    });
  }

  async deleteState(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.query('DELETE FROM state WHERE key = ANY ($1::text[])', [keys]);
  }
}

import type { Database } from 'better-sqlite3';
import type { NewUser, StaffSession, User, UserWithPassword } from '../../auth/types.js';
import type { UserRepository } from '../repositories.js';
import { newUser, SessionRow, USER_COLUMNS, userIdOf, userRows, withoutPassword } from '../shared/users.js';
import { parseRow, sqliteRows } from './parseRow.js';

const { toUser, toMemberships } = userRows(sqliteRows);

/**
 * Staff users, the tenants they work for (`staff_tenants`), and their sessions. Logins are the installation's: every
 * user row is the `default` tenant's, and a session is only found when its user's row is.
 */
export class SqliteUserRepository implements UserRepository {
  constructor(
    private readonly db: Database,
    private readonly tenantId = 'default',
  ) {}

  async createUser(user: NewUser): Promise<User> {
    const created = newUser(user);
    try {
      this.db.transaction(() => {
        this.db
          .prepare(
            `INSERT INTO users (tenant_id, id, name, role, password_hash, failed_logins, created_at)
             VALUES (?, ?, ?, ?, ?, 0, ?)`,
          )
          .run(this.tenantId, created.id, created.name, created.role, created.passwordHash, created.createdAt);
        this.insertMemberships(created.id, created.tenants);
      })();
    } catch (error) {
      const taken = error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
      throw new Error(taken ? `a user named ${user.name} already exists` : `sqlite: cannot create user ${user.name}`, {
        cause: error,
      });
    }
    return withoutPassword(created);
  }

  async findUserByName(name: string): Promise<UserWithPassword | undefined> {
    const row = this.db
      .prepare(`SELECT ${USER_COLUMNS} FROM users WHERE name = ? AND tenant_id = ?`)
      .get(name, this.tenantId);
    return row === undefined ? undefined : this.withTenants(row);
  }

  async findUser(id: string): Promise<User | undefined> {
    const row = this.db
      .prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ? AND tenant_id = ?`)
      .get(id, this.tenantId);
    return row === undefined ? undefined : withoutPassword(this.withTenants(row));
  }

  async listUsers(): Promise<User[]> {
    const memberships = toMemberships(this.db.prepare('SELECT user_id, tenant_id FROM staff_tenants').all());
    return this.db
      .prepare(`SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = ? ORDER BY name`)
      .all(this.tenantId)
      .map((row) => withoutPassword(toUser(row, memberships.get(userIdOf(row)) ?? [])));
  }

  async setUserTenants(id: string, tenants: string[]): Promise<boolean> {
    return this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM users WHERE id = ? AND tenant_id = ?').get(id, this.tenantId) === undefined) {
        return false;
      }
      this.db.prepare('DELETE FROM staff_tenants WHERE user_id = ?').run(id);
      this.insertMemberships(id, tenants);
      return true;
    })();
  }

  private insertMemberships(userId: string, tenants: readonly string[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO staff_tenants (user_id, tenant_id) VALUES (?, ?)');
    for (const tenant of tenants) insert.run(userId, tenant);
  }

  private withTenants(row: unknown): UserWithPassword {
    const memberships = this.db
      .prepare('SELECT user_id, tenant_id FROM staff_tenants WHERE user_id = ?')
      .all(userIdOf(row));
    return toUser(row, toMemberships(memberships).get(userIdOf(row)) ?? []);
  }

  async recordFailedLogin(id: string, lockedUntil?: string): Promise<void> {
    this.db
      .prepare('UPDATE users SET failed_logins = failed_logins + 1, locked_until = ? WHERE id = ? AND tenant_id = ?')
      .run(lockedUntil ?? null, id, this.tenantId);
  }

  async resetFailedLogins(id: string): Promise<void> {
    this.db
      .prepare('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ? AND tenant_id = ?')
      .run(id, this.tenantId);
  }

  async createSession(session: StaffSession): Promise<void> {
    const { changes } = this.db
      .prepare(
        `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at)
         SELECT ?, id, ?, ?, ? FROM users WHERE id = ? AND tenant_id = ?`,
      )
      .run(session.idHash, session.csrfToken, session.createdAt, session.expiresAt, session.userId, this.tenantId);
    if (changes === 0) throw new Error(`sqlite: cannot create a session for unknown user ${session.userId}`);
  }

  async findSessionByTokenHash(idHash: string): Promise<StaffSession | undefined> {
    const row = this.db
      .prepare(
        `SELECT sessions.id_hash, sessions.user_id, sessions.csrf_token, sessions.created_at, sessions.expires_at
         FROM sessions JOIN users ON users.id = sessions.user_id
         WHERE sessions.id_hash = ? AND users.tenant_id = ?`,
      )
      .get(idHash, this.tenantId);
    if (row === undefined) return undefined;
    const session = parseRow(SessionRow, row, 'sessions');
    return {
      idHash: session.id_hash,
      userId: session.user_id,
      csrfToken: session.csrf_token,
      createdAt: session.created_at,
      expiresAt: session.expires_at,
    };
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    // ISO timestamps in UTC compare correctly as text.
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.toISOString()).changes;
  }
}

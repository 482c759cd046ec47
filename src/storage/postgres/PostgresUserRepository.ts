import type { NewUser, StaffSession, User, UserWithPassword } from '../../auth/types.js';
import type { UserRepository } from '../repositories.js';
import { newUser, SessionRow, USER_COLUMNS, userIdOf, userRows, withoutPassword } from '../shared/users.js';
import { type PostgresDb, type Sql, sqlState, UNIQUE_VIOLATION } from './PostgresDb.js';
import { parseRow, postgresRows } from './parseRow.js';

const { toUser, toMemberships } = userRows(postgresRows);

/**
 * Staff users, the tenants they work for (`staff_tenants`), and their sessions. Logins are the installation's: every
 * user row is the `default` tenant's, and a session is only found when its user's row is.
 */
export class PostgresUserRepository implements UserRepository {
  constructor(
    private readonly db: PostgresDb,
    private readonly tenantId = 'default',
  ) {}

  async createUser(user: NewUser): Promise<User> {
    const created = newUser(user);
    try {
      await this.db.transaction(async (sql) => {
        await sql.query(
          `INSERT INTO users (tenant_id, id, name, role, password_hash, failed_logins, created_at)
           VALUES ($1, $2, $3, $4, $5, 0, $6)`,
          [this.tenantId, created.id, created.name, created.role, created.passwordHash, created.createdAt],
        );
        await insertMemberships(sql, created.id, created.tenants);
      });
    } catch (error) {
      const taken = sqlState(error) === UNIQUE_VIOLATION;
      throw new Error(
        taken ? `a user named ${user.name} already exists` : `postgres: cannot create user ${user.name}`,
        {
          cause: error,
        },
      );
    }
    return withoutPassword(created);
  }

  async findUserByName(name: string): Promise<UserWithPassword | undefined> {
    const { rows } = await this.db.query(`SELECT ${USER_COLUMNS} FROM users WHERE name = $1 AND tenant_id = $2`, [
      name,
      this.tenantId,
    ]);
    return rows[0] === undefined ? undefined : this.withTenants(rows[0]);
  }

  async findUser(id: string): Promise<User | undefined> {
    const { rows } = await this.db.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1 AND tenant_id = $2`, [
      id,
      this.tenantId,
    ]);
    return rows[0] === undefined ? undefined : withoutPassword(await this.withTenants(rows[0]));
  }

  async listUsers(): Promise<User[]> {
    const { rows } = await this.db.query(
      `SELECT ${USER_COLUMNS} FROM users WHERE tenant_id = $1 ORDER BY name COLLATE "C"`,
      [this.tenantId],
    );
    const memberships = toMemberships((await this.db.query('SELECT user_id, tenant_id FROM staff_tenants')).rows);
    return rows.map((row) => withoutPassword(toUser(row, memberships.get(userIdOf(row)) ?? [])));
  }

  async setUserTenants(id: string, tenants: string[]): Promise<boolean> {
    return this.db.transaction(async (sql) => {
      const found = await sql.query('SELECT 1 FROM users WHERE id = $1 AND tenant_id = $2 FOR UPDATE', [
        id,
        this.tenantId,
      ]);
      if (found.rows.length === 0) return false;
      await sql.query('DELETE FROM staff_tenants WHERE user_id = $1', [id]);
      await insertMemberships(sql, id, tenants);
      return true;
    });
  }

  private async withTenants(row: unknown): Promise<UserWithPassword> {
    const { rows } = await this.db.query('SELECT user_id, tenant_id FROM staff_tenants WHERE user_id = $1', [
      userIdOf(row),
    ]);
    return toUser(row, toMemberships(rows).get(userIdOf(row)) ?? []);
  }

  async recordFailedLogin(id: string, lockedUntil?: string): Promise<void> {
    await this.db.query(
      'UPDATE users SET failed_logins = failed_logins + 1, locked_until = $1 WHERE id = $2 AND tenant_id = $3',
      [lockedUntil ?? null, id, this.tenantId],
    );
  }

  async resetFailedLogins(id: string): Promise<void> {
    await this.db.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND tenant_id = $2', [
      id,
      this.tenantId,
    ]);
  }

  async createSession(session: StaffSession): Promise<void> {
    const { rowCount } = await this.db.query(
      `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at)
       SELECT $1, id, $2, $3::timestamptz, $4::timestamptz FROM users WHERE id = $5 AND tenant_id = $6`,
      [session.idHash, session.csrfToken, session.createdAt, session.expiresAt, session.userId, this.tenantId],
    );
    if (rowCount === 0) throw new Error(`postgres: cannot create a session for unknown user ${session.userId}`);
  }

  async findSessionByTokenHash(idHash: string): Promise<StaffSession | undefined> {
    const { rows } = await this.db.query(
      `SELECT sessions.id_hash, sessions.user_id, sessions.csrf_token, sessions.created_at, sessions.expires_at
       FROM sessions JOIN users ON users.id = sessions.user_id
       WHERE sessions.id_hash = $1 AND users.tenant_id = $2`,
      [idHash, this.tenantId],
    );
    if (rows[0] === undefined) return undefined;
    const session = parseRow(SessionRow, rows[0], 'sessions');
    return {
      idHash: session.id_hash,
      userId: session.user_id,
      csrfToken: session.csrf_token,
      createdAt: session.created_at,
      expiresAt: session.expires_at,
    };
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    return (await this.db.query('DELETE FROM sessions WHERE expires_at <= $1', [now.toISOString()])).rowCount;
  }
}

async function insertMemberships(sql: Sql, userId: string, tenants: readonly string[]): Promise<void> {
  if (tenants.length === 0) return;
  await sql.query(
    `INSERT INTO staff_tenants (user_id, tenant_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [userId, [...tenants]],
  );
}

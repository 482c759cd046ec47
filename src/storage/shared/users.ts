import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type NewUser, StaffRole, type User, type UserWithPassword } from '../../auth/types.js';
import type { RowParsers } from './rowParsers.js';

/** User and session rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function userRows(rows: RowParsers) {
  const { parseRow } = rows;
  function toUser(row: unknown): UserWithPassword {
    const user = parseRow(UserRow, row, 'users');
    return {
      id: user.id,
      name: user.name,
      role: user.role,
      passwordHash: user.password_hash,
      failedLogins: user.failed_logins,
      lockedUntil: user.locked_until ?? undefined,
      createdAt: user.created_at,
    };
  }
  return { toUser };
}

const UserRow = z.object({
  id: z.string(),
  name: z.string(),
  role: StaffRole,
  password_hash: z.string(),
  failed_logins: z.number().int().nonnegative(),
  locked_until: z.string().nullable(),
  created_at: z.string(),
});

export const USER_COLUMNS = 'id, name, role, password_hash, failed_logins, locked_until, created_at';

export const SessionRow = z.object({
  id_hash: z.string(),
  user_id: z.string(),
  csrf_token: z.string(),
  created_at: z.string(),
  expires_at: z.string(),
});

/** A new user as both backends store it: a fresh id, no failed logins, not locked. */
export function newUser(user: NewUser): UserWithPassword {
  return {
    id: randomUUID(),
    name: user.name,
    role: user.role,
    passwordHash: user.passwordHash,
    failedLogins: 0,
    lockedUntil: undefined,
    createdAt: new Date().toISOString(),
  };
}

export function withoutPassword({ passwordHash: _, ...user }: UserWithPassword): User {
  return user;
}

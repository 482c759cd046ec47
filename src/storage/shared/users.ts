import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type NewUser, StaffRole, type User, type UserWithPassword } from '../../auth/types.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { RowParsers } from './rowParsers.js';

/** User and session rows as both backends (SQLite, PostgreSQL) read them; `rows` names the backend in errors. */
export function userRows(rows: RowParsers) {
  const { parseRow } = rows;
  /** A user row with the tenants of its memberships. */
  function toUser(row: unknown, tenants: string[]): UserWithPassword {
    const user = parseRow(UserRow, row, 'users');
    return {
      id: user.id,
      name: user.name,
      role: user.role,
      tenants,
      passwordHash: user.password_hash,
      failedLogins: user.failed_logins,
      lockedUntil: user.locked_until ?? undefined,
      createdAt: user.created_at,
    };
  }
  /** The membership rows (`user_id`, `tenant_id`) as each user's sorted tenants. */
  function toMemberships(rows: unknown[]): Map<string, string[]> {
    const byUser = new Map<string, string[]>();
    for (const raw of rows) {
      const row = parseRow(MembershipRow, raw, 'staff_tenants');
      byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row.tenant_id]);
    }
    for (const tenants of byUser.values()) tenants.sort();
    return byUser;
  }
  return { toUser, toMemberships };
}

const MembershipRow = z.object({ user_id: z.string(), tenant_id: z.string() });

const UserRow = z.object({
  id: z.string(),
  name: z.string(),
  role: StaffRole,
  password_hash: z.string(),
  failed_logins: z.number().int().nonnegative(),
  locked_until: z.string().nullable(),
  created_at: z.string(),
});

/** The id of a user row, to find its memberships. */
export function userIdOf(row: unknown): string {
  return z.object({ id: z.string() }).parse(row).id;
}

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
    tenants: [...new Set(user.tenants ?? [DEFAULT_TENANT])].sort(),
    passwordHash: user.passwordHash,
    failedLogins: 0,
    lockedUntil: undefined,
    createdAt: new Date().toISOString(),
  };
}

export function withoutPassword({ passwordHash: _, ...user }: UserWithPassword): User {
  return user;
}

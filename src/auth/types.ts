import { z } from 'zod';

/** What a staff member may do: agents take over conversations, editors write content, publishers release it. */
export const StaffRole = z.enum(['agent', 'editor', 'publisher', 'admin']);
export type StaffRole = z.infer<typeof StaffRole>;

/** A login name: no spaces or control characters, so it prints unambiguously in tables and logs. */
export const UserName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\s\p{C}]+$/u, 'must not contain spaces or control characters');

/** A staff member, as the rest of GovBot sees them (never with the password hash). */
export interface User {
  id: string;
  name: string;
  role: StaffRole;
  /**
   * The municipalities the user works for (docs/tenants.md), by id, sorted: an agent sees and takes only their chats,
   * and a district's service centre serves several. Admins work for every tenant whatever is listed here.
   */
  tenants: string[];
  /** Failed logins in a row since the last successful one. */
  failedLogins: number;
  /** ISO timestamp until which logins are refused; undefined when the account was never locked or was reset. */
  lockedUntil: string | undefined;
  createdAt: string;
}

/** A user with the password hash, which only login needs. */
export interface UserWithPassword extends User {
  passwordHash: string;
}

export interface NewUser {
  name: string;
  role: StaffRole;
  /** Default: the `default` tenant alone. */
  tenants?: string[];
  /** Encoded by `hashPassword`. */
  passwordHash: string;
}

/** A login session. Only the SHA-256 of its token is stored, so a leaked database opens no session. */
export interface StaffSession {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

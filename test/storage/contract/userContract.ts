import { describe, expect, it } from 'vitest';
import type { StaffSession } from '../../../src/auth/types.js';
import type { Storage } from '../../../src/storage/repositories.js';
import { ISO_TIMESTAMP } from './fixtures.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

function session(idHash: string, userId: string, expiresAt = at(60_000)): StaffSession {
  return { idHash, userId, csrfToken: `csrf-${idHash}`, createdAt: T0.toISOString(), expiresAt };
}

export function userContract(storage: () => Storage): void {
  describe('staff users and sessions', () => {
    it('creates a user, finds it by id and by name (only there with the hash), and lists users by name', async () => {
      const { users } = storage();
      const zoe = await users.createUser({ name: 'zoe', role: 'editor', passwordHash: 'scrypt$hash-z' });
      const anna = await users.createUser({ name: 'anna', role: 'agent', passwordHash: 'scrypt$hash-a' });
      expect(anna).toEqual({
        id: expect.any(String),
        name: 'anna',
        role: 'agent',
        tenants: ['default'],
        failedLogins: 0,
        lockedUntil: undefined,
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
      });
      expect(await users.findUser(anna.id)).toEqual(anna);
      expect(await users.findUserByName('anna')).toEqual({ ...anna, passwordHash: 'scrypt$hash-a' });
      expect(await users.listUsers()).toEqual([anna, zoe]);
      expect(await users.findUser('unknown')).toBeUndefined();
      expect(await users.findUserByName('Anna')).toBeUndefined();
    });

    it('keeps the tenants each user works for, replaced as a whole, and drops them with the user', async () => {
      const { users, tenants } = storage();
      await tenants.saveTenant('musterdorf', { name: 'Musterdorf' });
      await tenants.saveTenant('beispielstadt', { name: 'Beispielstadt' });
      const district = await users.createUser({
        name: 'kreis',
        role: 'agent',
        passwordHash: 'h',
        tenants: ['musterdorf', 'beispielstadt', 'musterdorf'],
      });
      expect(district.tenants).toEqual(['beispielstadt', 'musterdorf']);
      expect((await users.findUserByName('kreis'))?.tenants).toEqual(['beispielstadt', 'musterdorf']);
      const local = await users.createUser({ name: 'dorf', role: 'agent', passwordHash: 'h', tenants: ['musterdorf'] });

      expect(await users.setUserTenants(local.id, ['beispielstadt', 'default'])).toBe(true);
      expect((await users.findUser(local.id))?.tenants).toEqual(['beispielstadt', 'default']);
      expect((await users.findUser(district.id))?.tenants).toEqual(['beispielstadt', 'musterdorf']);
      expect((await users.listUsers()).map((user) => [user.name, user.tenants])).toEqual([
        ['dorf', ['beispielstadt', 'default']],
        ['kreis', ['beispielstadt', 'musterdorf']],
      ]);
      expect(await users.setUserTenants(local.id, [])).toBe(true);
      expect((await users.findUser(local.id))?.tenants).toEqual([]);
      expect(await users.setUserTenants('unknown', ['default'])).toBe(false);
      // A tenant that does not exist is refused, and the user keeps what they had.
      await expect(users.setUserTenants(district.id, ['nirgendwo'])).rejects.toThrow();
      expect((await users.findUser(district.id))?.tenants).toEqual(['beispielstadt', 'musterdorf']);
    });

    it('rejects a second user with the same name', async () => {
      const { users } = storage();
      await users.createUser({ name: 'anna', role: 'agent', passwordHash: 'h1' });
      await expect(users.createUser({ name: 'anna', role: 'admin', passwordHash: 'h2' })).rejects.toThrow(
        /already exists/,
      );
      expect(await users.listUsers()).toHaveLength(1);
    });

    it('counts failed logins, locks, and resets both', async () => {
      const { users } = storage();
      const { id } = await users.createUser({ name: 'anna', role: 'agent', passwordHash: 'h' });
      await users.recordFailedLogin(id);
      await users.recordFailedLogin(id, at(900_000));
      expect(await users.findUser(id)).toMatchObject({ failedLogins: 2, lockedUntil: at(900_000) });
      await users.resetFailedLogins(id);
      expect(await users.findUser(id)).toMatchObject({ failedLogins: 0, lockedUntil: undefined });
    });

    it('finds a session by its token hash, deletes it, and deletes expired ones', async () => {
      const { users } = storage();
      const { id } = await users.createUser({ name: 'anna', role: 'agent', passwordHash: 'h' });
      await users.createSession(session('s1', id, at(1_000)));
      await users.createSession(session('s2', id, at(2_000)));
      await users.createSession(session('s3', id, at(3_000)));
      expect(await users.findSessionByTokenHash('s1')).toEqual(session('s1', id, at(1_000)));
      expect(await users.findSessionByTokenHash('unknown')).toBeUndefined();
      await users.deleteSession('s1');
      expect(await users.findSessionByTokenHash('s1')).toBeUndefined();
      expect(await users.deleteExpiredSessions(new Date(at(2_000)))).toBe(1);
      expect(await users.findSessionByTokenHash('s2')).toBeUndefined();
      expect(await users.findSessionByTokenHash('s3')).toMatchObject({ userId: id });
    });

    it('refuses a session for an unknown user', async () => {
      const { users } = storage();
      await expect(users.createSession(session('s1', 'nobody'))).rejects.toThrow();
      expect(await users.findSessionByTokenHash('s1')).toBeUndefined();
    });
  });
}

import { describe, expect, it, vi } from 'vitest';
import type { User } from '../../src/auth/types.js';
import { ConsoleUsers } from '../../src/channels/agent/consoleUsers.js';
import { createLogger } from '../../src/logger.js';

const user = (id: string, tenants: string[], role: User['role'] = 'agent'): User => ({
  id,
  name: id,
  role,
  tenants,
  failedLogins: 0,
  lockedUntil: undefined,
  createdAt: '2026-11-01T00:00:00.000Z',
});

/** A console's socket as `ConsoleUsers` sees it, with the rooms it is in. */
function socket(of: User) {
  const rooms = new Set<string>();
  return {
    data: { user: of },
    rooms,
    disconnected: false,
    leave: (room: string) => rooms.delete(room),
    join: (names: string[]) => {
      for (const room of names) rooms.add(room);
    },
    disconnect() {
      this.disconnected = true;
    },
  };
}

describe('ConsoleUsers', () => {
  it('moves every console of a user to her new tenant rooms, and disconnects a user who may no longer use it', async () => {
    const bea = [socket(user('bea', ['beispielstadt'])), socket(user('bea', ['beispielstadt']))];
    for (const console of bea) console.join(['agent:bea', 'tenant:beispielstadt']);
    const gone = socket(user('gone', ['musterdorf']));
    const editor = socket(user('ed', ['musterdorf']));
    const same = socket(user('dora', ['musterdorf']));
    const stored = new Map([
      ['bea', user('bea', ['beispielstadt', 'musterdorf'])],
      ['ed', user('ed', ['musterdorf'], 'editor')],
      ['dora', user('dora', ['musterdorf'])],
    ]);
    const rescoped = vi.fn();
    const changed = vi.fn();
    const sockets = new Map(Object.entries({ b1: bea[0], b2: bea[1], gone, editor, same }));
    const users = new ConsoleUsers({
      namespace: { sockets } as never,
      users: { findUser: async (id) => stored.get(id) },
      rescoped,
      changed,
      logger: createLogger('silent'),
    });

    await users.refresh();

    for (const console of bea) {
      expect([...console.rooms].sort()).toEqual(['agent:bea', 'tenant:beispielstadt', 'tenant:musterdorf']);
      expect(console.data.user.tenants).toEqual(['beispielstadt', 'musterdorf']);
    }
    expect(rescoped.mock.calls).toEqual([['bea', ['beispielstadt', 'musterdorf']]]);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(gone.disconnected).toBe(true);
    expect(editor.disconnected).toBe(true);
    expect(same.disconnected).toBe(false);

    // Nothing changed since: nothing to tell.
    await users.refresh();
    expect(changed).toHaveBeenCalledTimes(1);
  });
});

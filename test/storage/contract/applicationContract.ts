import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isValidReference } from '../../../src/applications/referenceNumber.js';
import type { Delivery } from '../../../src/applications/types.js';
import type { Storage } from '../../../src/storage/repositories.js';
import { submission, tokenHash } from '../../applications/fixtures.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const LEASE_MS = 60_000;
const later = (ms: number) => new Date(T0.getTime() + ms);

export function applicationContract(storage: () => Storage): void {
  describe('applications and deliveries', () => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('stores a submission with a reference number and one pending delivery per recipient, due now', async () => {
      const { applications } = storage();
      const result = await applications.submitApplication(submission(), tokenHash(1));
      expect(result).toEqual({
        reference: expect.stringMatching(/^HU-2026-/),
        submittedAt: T0.toISOString(),
        duplicate: false,
      });
      expect(isValidReference(result.reference)).toBe(true);
      expect(await applications.findApplication(result.reference)).toEqual({
        ...submission(),
        tenantId: 'default',
        reference: result.reference,
        submittedAt: T0.toISOString(),
      });
      const deliveries = await applications.listDeliveries({ reference: result.reference });
      expect(deliveries.map((delivery) => delivery.recipientId).sort()).toEqual(['ordnungsamt', 'steueramt']);
      for (const delivery of deliveries) {
        expect(delivery).toEqual({
          id: expect.any(String),
          reference: result.reference,
          recipientId: delivery.recipientId,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: T0.toISOString(),
          lastError: undefined,
          deliveredAt: undefined,
          createdAt: T0.toISOString(),
        });
      }
    });

    it("keeps a tenant's application as its own, found and delivered like every other", async () => {
      const { applications } = storage();
      const own = await applications.submitApplication(
        submission({
          tenantId: 'musterdorf',
          submissionKey: 'draft-musterdorf',
          recipients: [{ id: 'musterdorf/steueramt', copy: false }],
        }),
        tokenHash(3),
      );
      const shared = await applications.submitApplication(submission(), tokenHash(4));
      expect(await applications.findApplication(own.reference)).toMatchObject({ tenantId: 'musterdorf' });
      expect(await applications.findApplicationByReceiptTokenHash(tokenHash(3))).toMatchObject({
        tenantId: 'musterdorf',
        reference: own.reference,
      });
      expect(await applications.findApplication(shared.reference)).toMatchObject({ tenantId: 'default' });
      // One outbox for the installation: the worker delivers every tenant's.
      const claimed = await applications.claimDueDeliveries(T0, 10, LEASE_MS);
      expect(claimed.map((delivery) => delivery.recipientId).sort()).toEqual([
        'musterdorf/steueramt',
        'ordnungsamt',
        'steueramt',
      ]);
      expect((await applications.listDeliveries({ reference: own.reference })).map((d) => d.recipientId)).toEqual([
        'musterdorf/steueramt',
      ]);
    });

    it('a second submission of the same draft stores nothing and returns the first reference', async () => {
      const { applications } = storage();
      const first = await applications.submitApplication(submission(), tokenHash(1));
      vi.setSystemTime(later(5_000));
      const second = await applications.submitApplication(
        submission({ values: { changed: true }, recipients: [{ id: 'standesamt', copy: false }] }),
        tokenHash(2),
      );
      expect(second).toEqual({ reference: first.reference, submittedAt: first.submittedAt, duplicate: true });
      expect(await applications.listDeliveries()).toHaveLength(2);
      expect((await applications.findApplication(first.reference))?.values).toEqual(submission().values);
      expect(await applications.findApplicationByReceiptTokenHash(tokenHash(2))).toBeUndefined();
    });

    it('a submission that fails stores neither the application nor any delivery', async () => {
      const { applications } = storage();
      await applications.submitApplication(submission(), tokenHash(1));
      // The receipt token hash is unique: the second insert fails inside the transaction.
      await expect(
        applications.submitApplication(submission({ submissionKey: 'draft-2' }), tokenHash(1)),
      ).rejects.toThrow();
      expect(await applications.listDeliveries()).toHaveLength(2);
      const retried = await applications.submitApplication(submission({ submissionKey: 'draft-2' }), tokenHash(2));
      expect(retried.duplicate).toBe(false);
      expect(await applications.listDeliveries()).toHaveLength(4);
    });

    it('gives different drafts different references', async () => {
      const { applications } = storage();
      const references = new Set<string>();
      for (let n = 0; n < 20; n += 1) {
        const result = await applications.submitApplication(submission({ submissionKey: `draft-${n}` }), tokenHash(n));
        references.add(result.reference);
      }
      expect(references.size).toBe(20);
    });

    it('finds an application by reference and by receipt token hash, and nothing for unknown ones', async () => {
      const { applications } = storage();
      const { reference } = await applications.submitApplication(submission(), tokenHash(1));
      expect(await applications.findApplicationByReceiptTokenHash(tokenHash(1))).toMatchObject({
        reference,
        submissionKey: 'draft-1',
      });
      expect(await applications.findApplication('HU-2026-000000-0')).toBeUndefined();
      expect(await applications.findApplicationByReceiptTokenHash(tokenHash(9))).toBeUndefined();
    });

    it('an application outlives its deleted conversation', async () => {
      const { applications, conversations } = storage();
      await conversations.createConversation({ id: 'c1', channel: 'socketio', locale: 'de' });
      const { reference } = await applications.submitApplication(submission(), tokenHash(1));
      await conversations.deleteConversation('c1');
      expect(await applications.findApplication(reference)).toMatchObject({ conversationId: 'c1' });
      expect(await applications.listDeliveries({ reference })).toHaveLength(2);
    });

    it('a claimed delivery is not handed out again until its lease ends', async () => {
      const { applications } = storage();
      await applications.submitApplication(submission(), tokenHash(1));
      const claimed = await applications.claimDueDeliveries(T0, 10, LEASE_MS);
      expect(claimed.map((delivery) => delivery.status)).toEqual(['pending', 'pending']);
      expect(await applications.claimDueDeliveries(later(LEASE_MS - 1), 10, LEASE_MS)).toEqual([]);
      const again = await applications.claimDueDeliveries(later(LEASE_MS), 10, LEASE_MS);
      expect(ids(again)).toEqual(ids(claimed));
    });

    it('claims at most `limit` deliveries, and the rest on the next call', async () => {
      const { applications } = storage();
      await applications.submitApplication(submission(), tokenHash(1));
      await applications.submitApplication(submission({ submissionKey: 'draft-2' }), tokenHash(2));
      const first = await applications.claimDueDeliveries(T0, 3, LEASE_MS);
      const second = await applications.claimDueDeliveries(T0, 3, LEASE_MS);
      expect(first).toHaveLength(3);
      expect(second).toHaveLength(1);
      expect(new Set([...ids(first), ...ids(second)]).size).toBe(4);
    });

    it('does not claim deliveries before they are due', async () => {
      const { applications } = storage();
      await applications.submitApplication(
        submission({ recipients: [{ id: 'steueramt', copy: false }] }),
        tokenHash(1),
      );
      expect(await applications.claimDueDeliveries(later(-1), 10, LEASE_MS)).toEqual([]);
      const [delivery] = await applications.claimDueDeliveries(T0, 10, LEASE_MS);
      if (delivery === undefined) throw new Error('expected a due delivery');
      await applications.markAttemptFailed(delivery.id, 'HTTP 503', later(30_000));
      expect(await applications.claimDueDeliveries(later(29_999), 10, LEASE_MS)).toEqual([]);
      expect(await applications.claimDueDeliveries(later(30_000), 10, LEASE_MS)).toMatchObject([
        { id: delivery.id, attempts: 1, lastError: 'HTTP 503' },
      ]);
    });

    it('a delivered delivery counts its attempt and is never claimed again', async () => {
      const { applications } = storage();
      const { reference } = await applications.submitApplication(
        submission({ recipients: [{ id: 'steueramt', copy: false }] }),
        tokenHash(1),
      );
      const [delivery] = await applications.claimDueDeliveries(T0, 10, LEASE_MS);
      if (delivery === undefined) throw new Error('expected a due delivery');
      await applications.markDelivered(delivery.id, later(1_000));
      expect(await applications.listDeliveries({ reference })).toEqual([
        {
          ...delivery,
          status: 'delivered',
          attempts: 1,
          nextAttemptAt: undefined,
          deliveredAt: later(1_000).toISOString(),
        },
      ]);
      expect(await applications.claimDueDeliveries(later(10 * LEASE_MS), 10, LEASE_MS)).toEqual([]);
      // A late failure report of a delivered delivery changes nothing.
      await applications.markAttemptFailed(delivery.id, 'late', undefined);
      expect((await applications.listDeliveries({ reference }))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    });

    it('a failed attempt with no next attempt makes the delivery failed; retrying makes it pending and due now', async () => {
      const { applications } = storage();
      const { reference } = await applications.submitApplication(
        submission({ recipients: [{ id: 'steueramt', copy: false }] }),
        tokenHash(1),
      );
      const [delivery] = await applications.claimDueDeliveries(T0, 10, LEASE_MS);
      if (delivery === undefined) throw new Error('expected a due delivery');
      await applications.markAttemptFailed(delivery.id, 'connection refused', undefined);
      expect(await applications.listDeliveries({ reference })).toMatchObject([
        { status: 'failed', attempts: 1, lastError: 'connection refused', nextAttemptAt: undefined },
      ]);
      expect(await applications.claimDueDeliveries(later(10 * LEASE_MS), 10, LEASE_MS)).toEqual([]);

      vi.setSystemTime(later(3_600_000));
      expect(await applications.retryDelivery(delivery.id)).toBe(true);
      expect(await applications.listDeliveries({ reference })).toMatchObject([
        { status: 'pending', attempts: 0, nextAttemptAt: later(3_600_000).toISOString() },
      ]);
      expect(ids(await applications.claimDueDeliveries(later(3_600_000), 10, LEASE_MS))).toEqual([delivery.id]);
    });

    it('retrying is refused for deliveries that have not failed and for unknown ids', async () => {
      const { applications } = storage();
      await applications.submitApplication(submission(), tokenHash(1));
      const [pending, delivered] = await applications.listDeliveries();
      if (pending === undefined || delivered === undefined) throw new Error('expected two deliveries');
      await applications.markDelivered(delivered.id, T0);
      expect(await applications.retryDelivery(pending.id)).toBe(false);
      expect(await applications.retryDelivery(delivered.id)).toBe(false);
      expect(await applications.retryDelivery('unknown')).toBe(false);
    });

    it('lists deliveries by status and by reference', async () => {
      const { applications } = storage();
      const first = await applications.submitApplication(submission(), tokenHash(1));
      vi.setSystemTime(later(1_000));
      const second = await applications.submitApplication(submission({ submissionKey: 'draft-2' }), tokenHash(2));
      const [one, two] = await applications.listDeliveries({ reference: first.reference });
      if (one === undefined || two === undefined) throw new Error('expected two deliveries');
      await applications.markDelivered(one.id, later(2_000));
      await applications.markAttemptFailed(two.id, 'HTTP 500', undefined);

      const all = await applications.listDeliveries();
      expect(all.map((delivery) => delivery.reference)).toEqual([
        first.reference,
        first.reference,
        second.reference,
        second.reference,
      ]);
      expect(ids(await applications.listDeliveries({ status: 'delivered' }))).toEqual([one.id]);
      expect(ids(await applications.listDeliveries({ status: 'failed' }))).toEqual([two.id]);
      expect(await applications.listDeliveries({ status: 'pending' })).toMatchObject([
        { reference: second.reference },
        { reference: second.reference },
      ]);
      expect(await applications.listDeliveries({ status: 'pending', reference: first.reference })).toEqual([]);
      expect(await applications.listDeliveries({ reference: 'HU-2026-000000-0' })).toEqual([]);
    });
  });
}

function ids(deliveries: Delivery[]): string[] {
  return deliveries.map((delivery) => delivery.id).sort();
}

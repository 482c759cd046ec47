import type { ApplicationSubmission } from '../../src/applications/types.js';

/** A dog registration as the form dialog hands it over, with two recipients (one for a copy) and no attachments. */
export function submission(overrides: Partial<ApplicationSubmission> = {}): ApplicationSubmission {
  return {
    submissionKey: 'draft-1',
    dialogId: 'hund-anmelden',
    dialogFingerprint: 'fp-dialog-1',
    serviceId: 'hund-anmelden',
    leika: ['99108008000000'],
    referencePrefix: 'HU',
    conversationId: 'c1',
    lang: 'de',
    values: { owner: { name: 'Erika Mustermann' }, dogs: [{ name: 'Bello', breed: 'Dackel' }] },
    computed: { fee: 120 },
    summary: [
      { path: 'owner.name', label: 'Name', value: 'Erika Mustermann' },
      { path: 'dogs[0].name', label: 'Name des Hundes', value: 'Bello' },
    ],
    citizenSummary: [
      { path: 'owner.name', label: 'Name', value: 'Erika Mustermann' },
      { path: 'dogs[0].name', label: 'Name des Hundes', value: 'Bello' },
    ],
    title: { de: 'Hund anmelden', citizen: 'Hund anmelden' },
    attachments: [],
    recipients: [
      { id: 'steueramt', copy: false },
      { id: 'ordnungsamt', copy: true },
    ],
    ...overrides,
  };
}

/** A 32-byte hex hash, different for each `n`. */
export function tokenHash(n: number): string {
  return n.toString(16).padStart(64, '0');
}

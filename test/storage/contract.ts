import { afterEach, beforeEach, describe } from 'vitest';
import type { Storage } from '../../src/storage/repositories.js';
import { analyticsContract } from './contract/analyticsContract.js';
import { applicationContract } from './contract/applicationContract.js';
import { auditContract } from './contract/auditContract.js';
import { cannedResponseContract } from './contract/cannedResponseContract.js';
import { catalogueContract } from './contract/catalogueContract.js';
import { conversationContract } from './contract/conversationContract.js';
import { corpusFileContract } from './contract/corpusFileContract.js';
import { handoverContract } from './contract/handoverContract.js';
import { inboxContract } from './contract/inboxContract.js';
import { intentAndModelContract } from './contract/intentAndModelContract.js';
import { knowledgeLayerContract } from './contract/knowledgeLayerContract.js';
import { mustPassContract } from './contract/mustPassContract.js';
import { privacyContract } from './contract/privacyContract.js';
import { stateContract } from './contract/stateContract.js';
import { tenantContract } from './contract/tenantContract.js';
import { ticketContract } from './contract/ticketContract.js';
import { trainingRunContract } from './contract/trainingRunContract.js';
import { transcriptContract } from './contract/transcriptContract.js';
import { uploadContract } from './contract/uploadContract.js';
import { userContract } from './contract/userContract.js';
import { versionContract } from './contract/versionContract.js';

/**
 * The behaviour every `Storage` implementation owes the bot. `open` must return a fresh, empty storage on each call;
 * the suite closes it after each test. Implementations take their timestamps from the process clock (`Date`), which
 * the suite fakes where it checks them.
 */
export function storageContract(name: string, open: () => Promise<Storage> | Storage): void {
  describe(`storage contract: ${name}`, () => {
    let storage: Storage | undefined;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      await storage?.close();
      storage = undefined;
    });
    const current = (): Storage => {
      if (storage === undefined) throw new Error('storage contract: no storage open');
      return storage;
    };

    catalogueContract(current);
    intentAndModelContract(current);
    corpusFileContract(current);
    tenantContract(current);
    knowledgeLayerContract(current);
    conversationContract(current);
    transcriptContract(current);
    stateContract(current);
    applicationContract(current);
    uploadContract(current);
    userContract(current);
    handoverContract(current);
    ticketContract(current);
    cannedResponseContract(current);
    auditContract(current);
    versionContract(current);
    trainingRunContract(current);
    mustPassContract(current);
    inboxContract(current);
    analyticsContract(current);
    privacyContract(current);
  });
}

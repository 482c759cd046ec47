import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Catalogue } from '../../catalogue/schema.js';
import { Corpus } from '../../nlu/corpus.js';
import type { CorpusFile, Storage, VersionRepository } from '../../storage/repositories.js';

/** A snapshot of the draft's corpora: the corpus files with their paths, in the stored order (which feeds training). */
export const CorporaSnapshot = z.array(z.object({ path: z.string(), corpus: Corpus }));

/** What a training run trains from and a version answers with, each part stored once per content hash. */
export interface DraftSnapshot {
  corpora: CorpusFile[];
  catalogue: Catalogue;
  corporaHash: string;
  catalogueHash: string;
}

/** Stores corpora and catalogue as snapshots (a no-op for content stored before) and returns their hashes. */
export async function saveSnapshots(
  storage: Storage,
  corpora: CorpusFile[],
  catalogue: Catalogue,
): Promise<DraftSnapshot> {
  const { corporaJson, catalogueJson, corporaHash, catalogueHash } = hashContent(corpora, catalogue);
  await storage.versions.saveSnapshot(corporaHash, 'corpora', corporaJson);
  await storage.versions.saveSnapshot(catalogueHash, 'catalogue', catalogueJson);
  return { corpora, catalogue, corporaHash, catalogueHash };
}

/** The snapshots' JSON and the hashes a version records of its corpora and catalogue. */
export function hashContent(corpora: CorpusFile[], catalogue: Catalogue) {
  const corporaJson = JSON.stringify(corpora);
  const catalogueJson = JSON.stringify(catalogue);
  return { corporaJson, catalogueJson, corporaHash: sha256(corporaJson), catalogueHash: sha256(catalogueJson) };
}

/**
 * Reads back the snapshots a run or version points to (from `Storage` or its `versions`, where every tenant's
 * snapshots are); fails with the missing or broken hash.
 */
export async function loadSnapshots(
  storage: Pick<Storage, 'versions'> | VersionRepository,
  hashes: { corporaHash: string; catalogueHash: string },
): Promise<DraftSnapshot> {
  const versions = 'versions' in storage ? storage.versions : storage;
  const [corporaJson, catalogueJson] = await Promise.all([
    versions.findSnapshot(hashes.corporaHash),
    versions.findSnapshot(hashes.catalogueHash),
  ]);
  return {
    corpora: parseSnapshot(CorporaSnapshot, corporaJson, `corpora snapshot ${hashes.corporaHash}`),
    catalogue: parseSnapshot(Catalogue, catalogueJson, `catalogue snapshot ${hashes.catalogueHash}`),
    ...hashes,
  };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function parseSnapshot<T>(schema: z.ZodType<T>, json: string | undefined, what: string): T {
  if (json === undefined) throw new Error(`${what} is missing`);
  const parsed = schema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`${what} is invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

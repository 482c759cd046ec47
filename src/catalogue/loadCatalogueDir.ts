import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { z } from 'zod';
import { type FileProblem, messageOf, readSchemaFile } from '../files/readSchemaFile.js';
import { packageRoot } from '../packageRoot.js';
import { type Catalogue, Language, Office, Service } from './schema.js';

/** The catalogue of the fictional city Musterstadt that ships with GovBot. */
export const DEFAULT_CATALOGUE_DIR = join(packageRoot(), 'catalogue', 'default');

/** `catalogue.yaml`: which city the catalogue describes and in which languages. */
export const CatalogueManifest = z.object({
  version: z.literal(1, { error: 'unsupported catalogue version, this GovBot reads version 1' }),
  name: z.string().min(1),
  city: z.string().min(1),
  languages: z
    .array(Language)
    .refine((languages) => languages.includes('de'), 'German (de) must be one of the languages'),
});
export type CatalogueManifest = z.infer<typeof CatalogueManifest>;

/** One thing wrong with a catalogue directory: the file (relative to the directory), where in it, and why. */
export type CatalogueProblem = FileProblem;

/** Thrown by `loadCatalogueDir` with every problem found, so an editor can fix them all in one go. */
export class CatalogueError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: CatalogueProblem[],
  ) {
    super(`invalid catalogue in ${dir}:\n${problems.map((p) => `  ${p.file} at ${p.path}: ${p.reason}`).join('\n')}`);
    this.name = 'CatalogueError';
  }
}

/**
 * Reads a catalogue directory: `catalogue.yaml` (manifest), `offices.yaml` (a list of offices) and `services/<id>.yaml`
 * (one service per file, named after its id). Fails with a `CatalogueError` naming file, path and reason for every
 * invalid entry, unknown office reference, duplicate id or file named differently from its id.
 */
export function loadCatalogueDir(dir: string): Catalogue {
  const problems: CatalogueProblem[] = [];

  readSchemaFile(dir, 'catalogue.yaml', CatalogueManifest, problems);

  const offices = readSchemaFile(dir, 'offices.yaml', z.array(Office), problems);
  const officeIds = new Set<string>();
  offices?.forEach((office, index) => {
    if (officeIds.has(office.id)) {
      problems.push({ file: 'offices.yaml', path: `[${index}].id`, reason: `duplicate office id "${office.id}"` });
    }
    officeIds.add(office.id);
  });

  const services: Service[] = [];
  const fileOfService = new Map<string, string>();
  for (const name of serviceFileNames(dir, problems)) {
    const file = `services/${name}`;
    const service = readSchemaFile(dir, file, Service, problems);
    if (!service) continue;
    const expectedId = name.slice(0, -extname(name).length);
    if (service.id !== expectedId) {
      problems.push({
        file,
        path: 'id',
        reason: `id "${service.id}" does not match the file name (expected "${expectedId}")`,
      });
    }
    const other = fileOfService.get(service.id);
    if (other) {
      problems.push({ file, path: 'id', reason: `duplicate service id "${service.id}", already defined in ${other}` });
      continue;
    }
    fileOfService.set(service.id, file);
    service.officeIds.forEach((officeId, index) => {
      // Without a readable offices.yaml every reference would dangle; its own problem says enough.
      if (offices && !officeIds.has(officeId)) {
        problems.push({
          file,
          path: `officeIds[${index}]`,
          reason: `unknown office "${officeId}" (not in offices.yaml)`,
        });
      }
    });
    services.push(service);
  }

  if (problems.length > 0 || !offices) throw new CatalogueError(dir, problems);
  return { services, offices };
}

function serviceFileNames(dir: string, problems: CatalogueProblem[]): string[] {
  try {
    return readdirSync(join(dir, 'services'))
      .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
      .sort();
  } catch (error) {
    problems.push({ file: 'services/', path: '(folder)', reason: messageOf(error) });
    return [];
  }
}

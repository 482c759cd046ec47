import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse, YAMLError } from 'yaml';
import { type ZodType, z } from 'zod';
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
export interface CatalogueProblem {
  file: string;
  path: string;
  reason: string;
}

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

  readFile(dir, 'catalogue.yaml', CatalogueManifest, problems);

  const offices = readFile(dir, 'offices.yaml', z.array(Office), problems);
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
    const service = readFile(dir, file, Service, problems);
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

/** Reads, parses and validates one YAML file; records problems and returns undefined when it is unusable. */
function readFile<T>(dir: string, file: string, schema: ZodType<T>, problems: CatalogueProblem[]): T | undefined {
  let data: unknown;
  try {
    data = parse(readFileSync(join(dir, file), 'utf8'));
  } catch (error) {
    problems.push(
      error instanceof YAMLError ? yamlProblem(file, error) : { file, path: '(file)', reason: messageOf(error) },
    );
    return undefined;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push({ file, path: formatPath(issue.path), reason: issue.message });
  }
  return undefined;
}

function yamlProblem(file: string, error: YAMLError): CatalogueProblem {
  const start = error.linePos?.[0];
  const reason = messageOf(error).replace(/ at line \d+, column \d+:?$/, '');
  return { file, path: start ? `line ${start.line}, column ${start.col}` : '(file)', reason };
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

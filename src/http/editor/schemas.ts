import { z } from 'zod';
import { Service as CatalogueService, Language } from '../../catalogue/schema.js';
import { ContentLayer } from '../../editor/intents/schemas.js';
import {
  DailyCount,
  DialogFunnel,
  InboxGroup as InboxGroupSchema,
  InboxStatus,
  ModelVersion as ModelVersionSchema,
  MustPassQuestion as MustPassQuestionSchema,
  TopService,
  TrainingRun as TrainingRunSchema,
  VersionDiff as VersionDiffSchema,
} from '../../editor/types.js';
import { Entity } from '../../nlu/entities/types.js';
import { cleanText } from '../../text/cleanText.js';

/**
 * The REST API's own schemas (`/api/editor`), beside the shared ones of `editor/types.ts`: ids registered here name
 * the components of the OpenAPI document.
 */

export const Id = z.string().min(1).max(100);

// Shared shapes, registered as components.
export const Service = CatalogueService.meta({ id: 'Service' });
export const TrainingRun = TrainingRunSchema.meta({ id: 'TrainingRun' });
export const ModelVersion = ModelVersionSchema.meta({ id: 'ModelVersion' });
export const VersionDiff = VersionDiffSchema.meta({ id: 'VersionDiff' });
export const MustPassQuestion = MustPassQuestionSchema.meta({ id: 'MustPassQuestion' });
export const InboxGroup = InboxGroupSchema.meta({ id: 'InboxGroup' });

export const ServiceSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    leika: z.array(z.string()),
    /** On a municipality's layer only: shared, its own, or its own in place of a shared one (`both`). */
    layer: ContentLayer.optional(),
  })
  .meta({ id: 'ServiceSummary' });

/** `POST /api/editor/catalogue/import`: a DLDB export's JSON as the browser read it from the files. */
export const CatalogueImport = z.object({
  services: z.unknown().meta({ description: 'The services file of a DLDB export (`{ data: [...] }` or an array).' }),
  locations: z.unknown().optional().meta({ description: 'The locations file, to resolve the offices.' }),
  replace: z.boolean().default(false).meta({ description: 'Make the catalogue exactly the import.' }),
});
export const ImportResult = z.object({
  services: z.number().int(),
  offices: z.number().int(),
  warnings: z.array(z.string()),
});

/** A named entity (`@name` of the corpora) found in a text: the option's value, or the regex's match. */
export const NamedEntityFound = z
  .object({
    type: z.literal('named'),
    name: z.string(),
    value: z.string(),
    text: z.string(),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })
  .meta({ id: 'NamedEntityFound' });

/** What one understanding made of a text (`ParseResult`), with the entities recognised in it. */
export const TryResult = z
  .object({
    text: z.string(),
    lang: Language,
    intent: z.string(),
    score: z.number(),
    service: z.object({ id: z.string(), title: z.string(), leika: z.array(z.string()) }).nullable(),
    candidates: z.array(z.object({ id: z.string(), score: z.number() })),
    outOfScope: z.boolean(),
    ambiguous: z.boolean(),
    /** Built-in entities (`Entity`) and named ones (`type: 'named'`), by start. */
    entities: z.array(z.union([Entity, NamedEntityFound])),
  })
  .meta({ id: 'TryResult' });
export const TryRequest = z.object({ text: cleanText().trim().min(1).max(1000), lang: Language.optional() });
export const TryResponse = z.object({
  live: TryResult,
  /** The newest succeeded training run's model; missing before the first run succeeded. */
  draft: TryResult.extend({ runId: z.string() }).optional(),
});

export const EntryIds = z.array(Id).min(1).max(1000);
export const InboxAssign = z.object({ entryIds: EntryIds, intent: z.string().min(1).max(200) });
export const InboxMark = z.object({ entryIds: EntryIds, status: InboxStatus.extract(['new_service', 'ignored']) });
export const Resolved = z.object({ resolved: z.number().int() });

export const NewMustPass = z.object({
  text: cleanText().trim().min(1).max(500),
  lang: Language,
  intent: z.string().min(1).max(200),
});

export const PublishRequest = z.object({
  runId: Id,
  /** Admins only: publish although the gate failed, and why. */
  overrideReason: cleanText().trim().min(1).max(500).optional(),
  note: cleanText().trim().max(500).optional(),
});

export const Day = z.iso.date();
export const AnalyticsQuery = z.object({ from: Day.optional(), to: Day.optional() });
const Nullable = z.number().nullable();
export const AnalyticsReport = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.array(DailyCount),
    topServices: z.array(TopService.extend({ title: z.string() })),
    handovers: z.object({
      requested: z.number().int(),
      accepted: z.number().int(),
      rate: Nullable,
      waitMs: z.object({ mean: Nullable, p50: Nullable, p90: Nullable }),
    }),
    funnels: z.array(DialogFunnel),
  })
  .meta({ id: 'AnalyticsReport' });

export const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorId: z.string().optional(),
    actorName: z.string(),
    action: z.string(),
    conversationId: z.string().optional(),
    tenantId: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Entries with a smaller id than this (paging back). */
  before: z.coerce.number().int().min(1).optional(),
});

import type { StaffRole, User } from '../../auth/types.js';
import type { CatalogueEditor } from '../../editor/catalogue/CatalogueEditor.js';
import type { EntityEditor } from '../../editor/intents/EntityEditor.js';
import type { IntentEditor } from '../../editor/intents/IntentEditor.js';
import { DEFAULT_TENANT } from '../../tenants/types.js';
import type { EditorRouterOptions } from './editorRouter.js';

/** Editors edit and train; everyone who may publish may do that too. */
export const EDITORS: readonly StaffRole[] = ['editor', 'publisher', 'admin'];
export const PUBLISHERS: readonly StaffRole[] = ['publisher', 'admin'];
/**
 * The tenant whose layer the workbench edits, trains and publishes: the shared one, which every municipality answers
 * with. Only staff who work for it may change it (docs/tenants.md); the others read it, and see their own inbox.
 */
export const SHARED_LAYER = DEFAULT_TENANT;
export const EDITOR_TAGS = {
  intents: 'Intents',
  catalogue: 'Catalogue',
  inbox: 'Inbox',
  training: 'Training and versions',
  insight: 'Try it, analytics, audit',
} as const;

/** What every group of routes gets. */
export interface EditorContext extends EditorRouterOptions {
  intents: IntentEditor;
  namedEntities: EntityEditor;
  catalogue: CatalogueEditor;
  now: () => Date;
  /** Writes an audit entry of the workbench (`editor.…`) with who made the change. */
  record(user: User, action: string, details: Record<string, unknown>): Promise<void>;
}

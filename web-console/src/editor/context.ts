import type { Session } from '../api.js';
import type { EditorApi } from './editorApi.js';

/** The workbench's areas, in the order of the navigation. */
export const VIEW_IDS = [
  'inbox',
  'intents',
  'entities',
  'catalogue',
  'try',
  'training',
  'must-pass',
  'versions',
  'analytics',
  'audit',
] as const;
export type ViewId = (typeof VIEW_IDS)[number];

/** What every view of the workbench gets: the API, who is logged in, and a way to open another view. */
export interface EditorContext {
  api: EditorApi;
  session: Session;
  /** Publishing and rollback: publisher and admin. */
  canPublish: boolean;
  /** Publishing past a failed gate: admin. */
  canOverride: boolean;
  /**
   * The layer of content the views work on (`api.tenant`): the shared one, or a municipality's own on top of it; its
   * name as the page says it ("Gemeinsame Inhalte", "Musterdorf").
   */
  layer: { shared: boolean; name: string };
  /** Opens another view, e.g. the intent an inbox group was assigned to (`item` names what to open there). */
  open(view: ViewId, item?: string): void;
  /** A polite announcement for screen readers (progress, results that appear elsewhere). */
  announce(message: string): void;
}

/** One area of the workbench: shown in its tab panel, loaded when it is selected. */
export interface EditorView {
  readonly element: HTMLElement;
  /** Called whenever the view is selected; `item` as passed to `open`. */
  show(item?: string): void;
  /** Called when the editor logs out: stop timers. */
  stop?(): void;
  /** Called when the layer changed: forget what was loaded, and close what was open, of the other layer. */
  reset?(): void;
}

import { api, type Session } from '../api.js';
import { button, h } from '../dom.js';
import { SessionWatch } from '../SessionWatch.js';
import { Tabs } from '../Tabs.js';
import { AnalyticsView } from './AnalyticsView.js';
import { AuditView } from './AuditView.js';
import { CatalogueView } from './CatalogueView.js';
import { type EditorContext, type EditorView, VIEW_IDS, type ViewId } from './context.js';
import { EntitiesView } from './EntitiesView.js';
import { EditorApi } from './editorApi.js';
import { InboxView } from './InboxView.js';
import { IntentsView } from './IntentsView.js';
import { MustPassView } from './MustPassView.js';
import type { Layer } from './shapes.js';
import { TrainingView } from './TrainingView.js';
import { TryView } from './TryView.js';
import { VersionsView } from './VersionsView.js';

export const ROLE_LABELS: Record<string, string> = {
  editor: 'Redaktion',
  publisher: 'Freigabe',
  admin: 'Administration',
};

const VIEW_LABELS: Record<ViewId, string> = {
  inbox: 'Posteingang',
  intents: 'Anliegen',
  entities: 'Entitäten',
  catalogue: 'Katalog',
  try: 'Ausprobieren',
  training: 'Training',
  'must-pass': 'Pflichtfragen',
  versions: 'Versionen',
  analytics: 'Auswertung',
  audit: 'Protokoll',
};

const ANNOUNCEMENTS_KEPT = 3;
/** How the page names the shared layer, which every municipality answers with. */
export const SHARED_LAYER_NAME = 'Gemeinsame Inhalte (alle Kommunen)';

/** The logged-in workbench: the top bar, the areas as tabs (the selected one kept in the address's `#`). */
export class EditorApp {
  readonly element: HTMLElement;
  private readonly views: Map<ViewId, EditorView>;
  private readonly tabs: Tabs;
  private readonly announcer = h('div', { class: 'sr-only', 'aria-live': 'polite', 'data-testid': 'announcer' });
  private pendingItem: string | undefined;
  private readonly sessionWatch: SessionWatch;
  private readonly context: EditorContext;
  /** Where the layer picker goes, once the layers are known (only for staff of a municipality's own layer). */
  private readonly layerArea = h('div', { class: 'layer-picker' });

  constructor(
    private session: Session,
    private readonly loggedOut: (notice?: string) => void,
  ) {
    const role = session.user.role;
    this.sessionWatch = new SessionWatch(session, {
      changed: (changed) => {
        this.session = changed;
        context.session = changed;
      },
      loggedOut: (notice) => {
        this.stop();
        this.loggedOut(notice);
      },
    });
    const context: EditorContext = {
      // The session ended (a 401): the password is asked for on this page, so that unsaved edits stay; parallel
      // calls may all fail, the dialog comes once.
      api: new EditorApi(
        () => this.session.csrfToken,
        () => this.sessionWatch.expired(),
      ),
      session,
      canPublish: role === 'publisher' || role === 'admin',
      canOverride: role === 'admin',
      layer: { shared: true, name: SHARED_LAYER_NAME },
      open: (view, item) => this.open(view, item),
      announce: (message) => this.announce(message),
    };
    this.context = context;
    this.views = new Map<ViewId, EditorView>([
      ['inbox', new InboxView(context)],
      ['intents', new IntentsView(context)],
      ['entities', new EntitiesView(context)],
      ['catalogue', new CatalogueView(context)],
      ['try', new TryView(context)],
      ['training', new TrainingView(context)],
      ['must-pass', new MustPassView(context)],
      ['versions', new VersionsView(context)],
      ['analytics', new AnalyticsView(context)],
      ['audit', new AuditView(context)],
    ]);
    this.tabs = new Tabs(
      'Bereiche der Redaktion',
      VIEW_IDS.map((id) => ({ id, label: VIEW_LABELS[id], panel: this.viewElement(id) })),
    );
    this.tabs.onSelect = (id) => {
      const view = VIEW_IDS.find((candidate) => candidate === id);
      if (!view) return;
      history.replaceState(null, '', `#${view}`);
      document.title = `${VIEW_LABELS[view]} – Redaktion des Chat-Assistenten`;
      const item = this.pendingItem;
      this.pendingItem = undefined;
      this.views.get(view)?.show(item);
    };
    this.element = h(
      'div',
      { class: 'app editor' },
      h('a', { class: 'skip-link', href: '#main' }, 'Zum Arbeitsbereich springen'),
      h(
        'header',
        { class: 'topbar' },
        h('h1', {}, 'Redaktion · Chat-Assistent'),
        h(
          'div',
          { class: 'topbar-tools' },
          this.layerArea,
          h(
            'p',
            { class: 'user', 'data-testid': 'user' },
            `Angemeldet als ${session.user.name} (${ROLE_LABELS[role] ?? role})`,
          ),
          button('Abmelden', () => void this.logout(), { class: 'button-secondary' }),
        ),
      ),
      h(
        'main',
        { id: 'main', tabindex: -1, class: 'editor-main' },
        this.tabs.element,
        this.announcer,
        this.sessionWatch.element,
      ),
    );
  }

  /**
   * Shows the area named in the address, else the inbox, once the layers are known: staff who may not change the
   * shared layer start on their municipality's own.
   */
  async start(): Promise<void> {
    await this.loadLayers();
    const fromHash = VIEW_IDS.find((id) => `#${id}` === location.hash) ?? 'inbox';
    if (this.tabs.selected() === fromHash) this.tabs.onSelect(fromHash);
    else this.tabs.select(fromHash);
  }

  /**
   * The layer picker, for staff who work on a municipality's own layer; the others work on the shared one alone and
   * see none. Without the list (an older server, a failed call) the workbench works on the shared layer.
   */
  private async loadLayers(): Promise<void> {
    const result = await this.context.api.layers();
    if (!result.ok) return;
    const { layers } = result.value;
    const own = layers.filter((layer) => !layer.shared);
    if (own.length === 0) return;
    const first = layers.find((layer) => layer.writable) ?? layers[0];
    const picker = h(
      'select',
      { id: 'layer', 'data-testid': 'layer' },
      ...layers.map((layer) =>
        h('option', { value: layer.tenant }, layer.shared ? 'Gemeinsame Inhalte' : `${layer.name} (eigene)`),
      ),
    );
    picker.value = first?.tenant ?? '';
    const choose = (layer: Layer | undefined) => {
      if (!layer) return;
      this.context.api.tenant = layer.shared ? undefined : layer.tenant;
      this.context.layer = { shared: layer.shared, name: layer.shared ? SHARED_LAYER_NAME : layer.name };
    };
    choose(first);
    // A view opened while the layers were asked for showed the shared layer.
    if (!this.context.layer.shared) for (const view of this.views.values()) view.reset?.();
    picker.addEventListener('change', () => {
      choose(layers.find((layer) => layer.tenant === picker.value));
      this.announce(`Sie arbeiten jetzt an: ${this.context.layer.name}.`);
      this.reloadViews();
    });
    this.layerArea.replaceChildren(h('label', { for: 'layer' }, 'Inhalte'), picker);
  }

  /** After the layer changed: every view loads again when it is next shown, the current one at once. */
  private reloadViews(): void {
    for (const view of this.views.values()) view.reset?.();
    const selected = VIEW_IDS.find((id) => id === this.tabs.selected());
    if (selected) this.views.get(selected)?.show();
  }

  stop(): void {
    this.sessionWatch.stop();
    for (const view of this.views.values()) view.stop?.();
  }

  private viewElement(id: ViewId): HTMLElement {
    const view = this.views.get(id);
    return view ? view.element : h('div');
  }

  private open(view: ViewId, item?: string): void {
    if (this.tabs.selected() === view) {
      this.views.get(view)?.show(item);
      return;
    }
    this.pendingItem = item;
    this.tabs.select(view, true);
  }

  private async logout(): Promise<void> {
    await api.logout(this.session.csrfToken);
    this.stop();
    this.loggedOut('Sie sind abgemeldet.');
  }

  /** Polite announcements; the last few stay so that each new one is an addition screen readers read out. */
  private announce(message: string): void {
    this.announcer.append(h('p', {}, message));
    while (this.announcer.childElementCount > ANNOUNCEMENTS_KEPT) this.announcer.firstElementChild?.remove();
  }
}

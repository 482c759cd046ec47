import { button, h } from '../dom.js';
import type { EditorContext } from './context.js';
import { importForm } from './ImportForm.js';
import { SearchListView } from './SearchListView.js';
import { ServiceForm } from './ServiceForm.js';
import type { ContentLayer } from './shapes.js';
import { failure, field, layerBadge, section, table } from './ui.js';

/** The draft catalogue: search and list, edit and create entries, import a DLDB export. */
export class CatalogueView extends SearchListView {
  readonly element: HTMLElement;
  private readonly layerHint = h('p', { class: 'hint' });
  /** Where each listed entry is, on a municipality's layer. */
  private layers = new Map<string, ContentLayer | undefined>();

  constructor(context: EditorContext) {
    super(context, h('div'));
    const form = this.searchForm('Leistungen suchen', field('Suche nach Bezeichnung, ID oder LeiKa', this.search));
    const create = button('Neue Leistung anlegen', () => this.edit(undefined), { class: 'button-secondary' });
    this.element = h(
      'div',
      { class: 'split' },
      h(
        'div',
        { class: 'stack' },
        section(
          'Leistungskatalog (Entwurf)',
          this.layerHint,
          form,
          h('div', { class: 'row' }, create),
          this.status,
          this.error,
          this.list,
        ),
        importForm(context, () => void this.load()),
      ),
      this.editorArea,
    );
  }

  show(item?: string): void {
    if (!this.loaded) void this.load();
    if (item) void this.edit(item);
  }

  protected async load(): Promise<void> {
    this.layerHint.textContent = this.context.layer.shared
      ? ''
      : `Eigene Einträge von ${this.context.layer.name} ersetzen den gemeinsamen Eintrag gleicher ID; gespeichert wird immer ein eigener Eintrag.`;
    const found = await this.fetchList('Leistungen', () => this.context.api.services(this.search.value.trim()));
    if (!found) return;
    const { services } = found;
    this.layers = new Map(services.map((service) => [service.id, service.layer]));
    this.status.textContent = `${services.length} Leistungen gefunden.`;
    this.list.replaceChildren(
      table(
        'Leistungen',
        ['Bezeichnung', 'ID', 'LeiKa', 'Aktion'],
        services.map((service) => [
          h('span', {}, service.title, ' ', layerBadge(service.layer, true)),
          h('span', { class: 'code' }, service.id),
          service.leika.join(', ') || '–',
          button('Bearbeiten', () => void this.edit(service.id), {
            class: 'button-secondary button-small',
            'aria-label': `${service.title} bearbeiten`,
          }),
        ]),
      ),
    );
  }

  private async edit(id: string | undefined): Promise<void> {
    let service: Record<string, unknown> | undefined;
    if (id) {
      const result = await this.context.api.service(id);
      if (!result.ok) {
        this.error.textContent = `Leistung ${id} nicht geladen: ${failure(result)}`;
        return;
      }
      service = result.value;
    }
    const deleted = () => {
      this.editorArea.replaceChildren();
      void this.load().then(() => this.search.focus());
    };
    const layer = id === undefined ? undefined : await this.layerOf(id);
    const own = this.context.layer.shared ? undefined : { layer, deleted };
    const saved = async (savedId: string) => {
      await this.load();
      // Saving a shared entry on a municipality's layer made it its own: the form offers to delete it now.
      if (own && this.layers.get(savedId) !== layer) await this.edit(savedId);
    };
    const form = new ServiceForm(this.context, service, (savedId) => void saved(savedId), own);
    this.editorArea.replaceChildren(form.element);
    form.focus();
  }

  /** Where an entry is, on a municipality's layer: from the list, or asked for when the list does not show it. */
  private async layerOf(id: string): Promise<ContentLayer | undefined> {
    if (this.context.layer.shared) return undefined;
    if (this.layers.has(id)) return this.layers.get(id);
    const result = await this.context.api.services(id);
    return result.ok ? result.value.services.find((service) => service.id === id)?.layer : undefined;
  }
}

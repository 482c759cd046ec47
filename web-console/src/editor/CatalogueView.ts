import { button, h } from '../dom.js';
import type { EditorContext } from './context.js';
import { importForm } from './ImportForm.js';
import { SearchListView } from './SearchListView.js';
import { ServiceForm } from './ServiceForm.js';
import { failure, field, section, table } from './ui.js';

/** The draft catalogue: search and list, edit and create entries, import a DLDB export. */
export class CatalogueView extends SearchListView {
  readonly element: HTMLElement;

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
    const found = await this.fetchList('Leistungen', () => this.context.api.services(this.search.value.trim()));
    if (!found) return;
    const { services } = found;
    this.status.textContent = `${services.length} Leistungen gefunden.`;
    this.list.replaceChildren(
      table(
        'Leistungen',
        ['Bezeichnung', 'ID', 'LeiKa', 'Aktion'],
        services.map((service) => [
          service.title,
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
    const form = new ServiceForm(this.context, service, () => void this.load());
    this.editorArea.replaceChildren(form.element);
    form.focus();
  }
}

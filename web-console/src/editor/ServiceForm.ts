import { h, uid } from '../dom.js';
import type { EditorContext } from './context.js';
import type { ContentLayer, ServiceJson } from './shapes.js';
import { alertLine, deleteButton, failure, field, statusLine, textInput } from './ui.js';

/** The fields the structured form edits; everything else of the entry is edited as JSON. */
const FORM_KEYS = ['id', 'title', 'summary', 'leika', 'costs', 'documents', 'onlineService'];
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const LEIKA_PATTERN = /^99\d{12}$/;

/**
 * A catalogue entry (`Service` of `src/catalogue/schema.ts`): a form for the common fields and a JSON text area for
 * the rest (description, deadlines, offices, links, synonyms, …). The server validates the whole entry on saving.
 */
export class ServiceForm {
  readonly element: HTMLElement;
  private readonly heading: HTMLHeadingElement;
  private readonly status = statusLine();
  private readonly error = alertLine();

  constructor(
    private readonly context: EditorContext,
    service: ServiceJson | undefined,
    private readonly saved: (id: string) => void,
    /** On a municipality's layer: where the entry is, and what to do once its own entry was deleted. */
    own?: { layer: ContentLayer | undefined; deleted: () => void },
  ) {
    const headingId = uid('service');
    const id = typeof service?.id === 'string' ? service.id : undefined;
    this.heading = h('h2', { id: headingId, tabindex: -1 }, id ? `Leistung ${id}` : 'Neue Leistung');
    this.element = h(
      'section',
      { class: 'panel', 'aria-labelledby': headingId, 'data-testid': 'service-form' },
      this.heading,
      this.form(service ?? {}, id),
      id && own && (own.layer === 'own' || own.layer === 'both') ? this.deleteButton(id, own.layer, own.deleted) : null,
      this.status,
      this.error,
    );
  }

  /** Deletes a municipality's own entry: its own one alone, or its own in place of the shared one. */
  private deleteButton(id: string, layer: ContentLayer | undefined, deleted: () => void): HTMLElement {
    const replacing = layer === 'both';
    const question = replacing
      ? `Den eigenen Eintrag „${id}“ löschen? Es gilt dann wieder der gemeinsame Eintrag.`
      : `Den eigenen Eintrag „${id}“ löschen?`;
    const label = replacing ? 'Eigenen Eintrag löschen (gemeinsamer gilt wieder)' : 'Eigenen Eintrag löschen';
    return h(
      'div',
      { class: 'row' },
      deleteButton(label, question, {
        remove: () => this.context.api.deleteService(id),
        error: this.error,
        deleted: () => {
          this.context.announce(`Eigener Eintrag ${id} gelöscht.`);
          deleted();
        },
      }),
    );
  }

  focus(): void {
    this.heading.focus();
  }

  private form(service: ServiceJson, id: string | undefined): HTMLFormElement {
    const input = (value: string, attributes: Record<string, string | boolean> = {}) =>
      textInput({ value, ...attributes });
    const area = (value: string, rows = 3) => {
      const element = h('textarea', { rows });
      element.value = value;
      return element;
    };
    const idInput = input(id ?? '', { required: true, maxlength: '100', spellcheck: false });
    idInput.readOnly = id !== undefined;
    const titleDe = input(localized(service.title, 'de'), { required: true });
    const titleEn = input(localized(service.title, 'en'));
    const summaryDe = area(localized(service.summary, 'de'));
    const summaryEn = area(localized(service.summary, 'en'));
    const leika = area(strings(service.leika).join('\n'), 2);
    const costsDe = area(localized(service.costs, 'de'), 2);
    const costsEn = area(localized(service.costs, 'en'), 2);
    const documents = isObject(service.documents) ? service.documents : {};
    const documentsDe = area(strings(documents.de).join('\n'), 4);
    const documentsEn = area(strings(documents.en).join('\n'), 4);
    const online = isObject(service.onlineService) ? service.onlineService : {};
    const onlineUrl = input(typeof online.url === 'string' ? online.url : '', { type: 'url', inputmode: 'url' });
    const onlineTitle = input(localized(online.title, 'de') || 'Online beantragen');
    const rest = Object.fromEntries(Object.entries(service).filter(([key]) => !FORM_KEYS.includes(key)));
    const advanced = area(JSON.stringify(rest, null, 2), 10);
    advanced.spellcheck = false;
    advanced.classList.add('code');

    const save = h('button', { type: 'submit' }, 'Leistung speichern');
    const form = h(
      'form',
      { class: 'service-form', novalidate: true },
      field('Katalog-ID', idInput, 'Kleinbuchstaben, Ziffern und Bindestriche; das Anliegen heißt dann service.<ID>.'),
      h('div', { class: 'columns' }, field('Bezeichnung (de)', titleDe), field('Bezeichnung (en)', titleEn)),
      h('div', { class: 'columns' }, field('Kurztext (de)', summaryDe), field('Kurztext (en)', summaryEn)),
      field('LeiKa-Schlüssel', leika, 'Ein Schlüssel je Zeile: 14 Ziffern, beginnend mit 99.'),
      h('div', { class: 'columns' }, field('Kosten (de)', costsDe), field('Kosten (en)', costsEn)),
      h(
        'div',
        { class: 'columns' },
        field('Unterlagen (de)', documentsDe, 'Eine Unterlage je Zeile.'),
        field('Unterlagen (en)', documentsEn, 'Eine Unterlage je Zeile.'),
      ),
      h(
        'div',
        { class: 'columns' },
        field('Online-Dienst: Adresse', onlineUrl, 'https://…; leer lassen, wenn es keinen gibt.'),
        field('Online-Dienst: Linktext (de)', onlineTitle),
      ),
      h(
        'details',
        {},
        h('summary', {}, 'Weitere Felder (JSON)'),
        field('Weitere Felder als JSON', advanced, 'Beschreibung, Fristen, Stellen, Links, Synonyme …'),
      ),
      save,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const problems: [HTMLElement, string][] = [];
      const newId = idInput.value.trim();
      if (!ID_PATTERN.test(newId)) problems.push([idInput, 'Die Katalog-ID ist ungültig.']);
      if (!titleDe.value.trim()) problems.push([titleDe, 'Die deutsche Bezeichnung fehlt.']);
      if (!summaryDe.value.trim()) problems.push([summaryDe, 'Der deutsche Kurztext fehlt.']);
      const keys = lines(leika.value);
      if (keys.some((key) => !LEIKA_PATTERN.test(key))) problems.push([leika, 'Ein LeiKa-Schlüssel ist ungültig.']);
      let extra: unknown;
      try {
        extra = JSON.parse(advanced.value.trim() || '{}');
        if (!isObject(extra)) throw new Error('not an object');
      } catch {
        problems.push([advanced, 'Die weiteren Felder sind kein gültiges JSON-Objekt.']);
      }
      for (const control of [idInput, titleDe, summaryDe, leika, advanced]) control.removeAttribute('aria-invalid');
      const [first] = problems;
      if (first || !isObject(extra)) {
        for (const [control] of problems) control.setAttribute('aria-invalid', 'true');
        this.error.textContent = problems.map(([, message]) => message).join(' ');
        first?.[0].focus();
        return;
      }
      const entry: ServiceJson = {
        ...extra,
        id: newId,
        title: text(titleDe.value, titleEn.value),
        summary: text(summaryDe.value, summaryEn.value),
        leika: keys,
      };
      if (costsDe.value.trim()) entry.costs = text(costsDe.value, costsEn.value);
      if (lines(documentsDe.value).length > 0) {
        entry.documents = lines(documentsEn.value).length
          ? { de: lines(documentsDe.value), en: lines(documentsEn.value) }
          : { de: lines(documentsDe.value) };
      }
      if (onlineUrl.value.trim()) {
        entry.onlineService = { url: onlineUrl.value.trim(), title: { de: onlineTitle.value.trim() || 'Online' } };
      }
      save.disabled = true;
      this.error.textContent = '';
      this.status.textContent = 'Wird gespeichert …';
      void this.context.api.saveService(newId, entry).then((result) => {
        save.disabled = false;
        this.status.textContent = result.ok ? `Leistung ${newId} gespeichert.` : '';
        if (!result.ok) {
          this.error.textContent = `Nicht gespeichert: ${failure(result)}`;
          return;
        }
        idInput.readOnly = true;
        this.heading.textContent = `Leistung ${newId}`;
        this.saved(newId);
      });
    });
    return form;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function localized(value: unknown, lang: 'de' | 'en'): string {
  return isObject(value) && typeof value[lang] === 'string' ? value[lang] : '';
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function lines(value: string): string[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** `{ de, en? }` of the form's two inputs. */
function text(de: string, en: string): { de: string; en?: string } {
  return en.trim() ? { de: de.trim(), en: en.trim() } : { de: de.trim() };
}

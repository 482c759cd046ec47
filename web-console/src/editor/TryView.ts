import { h, uid } from '../dom.js';
import type { EditorContext, EditorView } from './context.js';
import type { Lang, TryResult } from './shapes.js';
import { alertLine, decimal, failure, field, LANGUAGE_OPTIONS, section, select, statusLine, textInput } from './ui.js';

/** Try a question: what the live model and the newest trained draft model make of it, side by side. */
export class TryView implements EditorView {
  readonly element: HTMLElement;
  private readonly results = h('div', { class: 'columns', 'data-testid': 'try-results' });

  constructor(private readonly context: EditorContext) {
    const question = textInput({ maxlength: 500, required: true, autocomplete: 'off' });
    const lang = select([{ value: '', label: 'Automatisch erkennen' }, ...LANGUAGE_OPTIONS]);
    const status = statusLine();
    const error = alertLine();
    const form = h(
      'form',
      { class: 'row' },
      h('div', { class: 'grow' }, field('Frage wie von Bürgerinnen und Bürgern', question)),
      field('Sprache', lang),
      h('button', { type: 'submit' }, 'Ausprobieren'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = question.value.trim();
      if (!text) {
        error.textContent = 'Bitte geben Sie eine Frage ein.';
        question.focus();
        return;
      }
      error.textContent = '';
      status.textContent = 'Wird ausgewertet …';
      const language = lang.value === 'de' || lang.value === 'en' ? (lang.value satisfies Lang) : undefined;
      void this.context.api.try(text, language).then((result) => {
        if (!result.ok) {
          status.textContent = '';
          error.textContent = `Nicht ausgewertet: ${failure(result)}`;
          return;
        }
        const { live, draft } = result.value;
        status.textContent = `Live: ${verdict(live)}. Entwurf: ${draft ? verdict(draft) : 'noch kein trainierter Entwurf'}.`;
        this.results.replaceChildren(
          resultCard('Live-Version', live),
          draft
            ? resultCard(`Entwurf (Training ${draft.runId.slice(0, 8)})`, draft)
            : section(
                'Entwurf',
                h('p', {}, 'Es gibt noch kein Training des Entwurfs. Starten Sie eines unter „Training“.'),
              ),
        );
      });
    });
    this.element = h('div', { class: 'stack' }, section('Ausprobieren', form, status, error), this.results);
  }

  show(): void {}

  reset(): void {
    this.results.replaceChildren();
  }
}

/** One line for the status region. */
function verdict(result: TryResult): string {
  if (result.outOfScope) return 'außerhalb des Themas';
  if (result.ambiguous) return `mehrdeutig (${result.intent})`;
  return `${result.intent} (${decimal(result.score)})`;
}

function resultCard(title: string, result: TryResult): HTMLElement {
  const facts: [string, string][] = [
    ['Anliegen', result.intent],
    ['Sicherheit', decimal(result.score)],
    ['Sprache', result.lang],
    ['Leistung', result.service ? `${result.service.title} (${result.service.id})` : '–'],
    ['Außerhalb des Themas', result.outOfScope ? 'ja' : 'nein'],
    ['Mehrdeutig („Meinten Sie …?“)', result.ambiguous ? 'ja' : 'nein'],
  ];
  const candidatesId = uid('candidates');
  const entitiesId = uid('entities');
  return section(
    title,
    h('dl', { class: 'facts' }, ...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    h('h3', { id: candidatesId }, 'Kandidaten'),
    result.candidates.length
      ? h(
          'ol',
          { 'aria-labelledby': candidatesId },
          ...result.candidates.map((candidate) => h('li', {}, `${candidate.id}: ${decimal(candidate.score)}`)),
        )
      : h('p', { class: 'muted' }, 'keine'),
    h('h3', { id: entitiesId }, 'Erkannte Angaben'),
    result.entities?.length
      ? h(
          'ul',
          { 'aria-labelledby': entitiesId },
          ...result.entities.map((entity) =>
            h(
              'li',
              {},
              `${entity.name ? `@${entity.name}` : entity.type}: „${entity.text}“ → ${JSON.stringify(entity.value)}`,
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'keine'),
  );
}

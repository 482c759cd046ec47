import type { AgentAck } from '../../src/channels/agent/protocol.js';
import type { HandoverNote } from '../../src/handover/types.js';
import { h, uid } from './dom.js';
import { errorLabel, formatTime } from './labels.js';

/**
 * Internal notes on a conversation: shown apart from the transcript and marked "intern", because the citizen never
 * sees them.
 */
export class NotesPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly empty: HTMLParagraphElement;
  private readonly shown = new Set<string>();

  constructor(add: (text: string) => Promise<AgentAck<{ note: HandoverNote }>>) {
    const headingId = uid('notes-title');
    const inputId = uid('note');
    this.list = h('ol', { class: 'notes' });
    this.empty = h('p', { class: 'muted' }, 'Noch keine Notizen.');
    const input = h('textarea', { id: inputId, rows: 2, maxlength: 4000 });
    const error = h('p', { class: 'error', role: 'alert' });
    const save = h('button', { type: 'submit' }, 'Notiz speichern');
    const form = h(
      'form',
      { class: 'note-form' },
      h('label', { for: inputId }, 'Neue interne Notiz'),
      input,
      save,
      error,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text === '') return;
      save.disabled = true;
      error.textContent = '';
      void add(text).then((result) => {
        save.disabled = false;
        if (!result.ok) {
          error.textContent = `Notiz nicht gespeichert: ${errorLabel(result.error)}`;
          return;
        }
        input.value = '';
        this.add(result.note);
      });
    });
    this.element = h(
      'section',
      { class: 'panel notes-panel', 'aria-labelledby': headingId },
      h('h3', { id: headingId }, 'Interne Notizen ', h('span', { class: 'badge badge-internal' }, 'intern')),
      h('p', { class: 'muted' }, 'Nur für das Service-Center sichtbar, nie für den Bürger / die Bürgerin.'),
      this.empty,
      this.list,
      form,
    );
  }

  /** Adds a note once (the acknowledgement and the server's `note` event both bring it). */
  add(note: HandoverNote): void {
    if (this.shown.has(note.id)) return;
    this.shown.add(note.id);
    this.empty.hidden = true;
    this.list.append(
      h(
        'li',
        { class: 'note', 'data-testid': 'agent-note' },
        h(
          'p',
          { class: 'note-meta' },
          h('span', { class: 'badge badge-internal' }, 'intern'),
          ` ${note.authorName}, `,
          h('time', { datetime: note.createdAt }, formatTime(note.createdAt)),
        ),
        h('p', { class: 'note-text' }, note.text),
      ),
    );
  }

  reset(notes: HandoverNote[]): void {
    this.shown.clear();
    this.list.replaceChildren();
    this.empty.hidden = notes.length > 0;
    for (const note of notes) this.add(note);
  }
}

import { h, uid } from '../dom.js';
import type { EditorContext } from './context.js';
import type { ModelVersion, TrainingRun } from './shapes.js';
import { alertLine, failure, field, statusLine } from './ui.js';

/**
 * Publishing a succeeded run (publisher, admin). A failed gate blocks it; an admin may override it with a reason.
 * Editors see why they cannot publish.
 */
export function publishForm(
  context: EditorContext,
  run: TrainingRun,
  published: (version: ModelVersion) => void,
): HTMLElement {
  if (run.status !== 'succeeded') return h('div');
  const gatePassed = run.gate?.passed ?? false;
  if (!context.canPublish) {
    return h('p', { class: 'hint' }, 'Veröffentlichen dürfen Personen mit der Rolle Freigabe oder Administration.');
  }
  const status = statusLine();
  const error = alertLine();
  const note = h('input', { type: 'text', maxlength: 500 });
  const override = h('input', { type: 'checkbox', id: uid('override') });
  const reason = h('textarea', { rows: 2, maxlength: 500 });
  const reasonField = field('Begründung für die Freigabe trotz nicht bestandener Prüfung', reason);
  reasonField.hidden = true;
  const submit = h('button', { type: 'submit' }, 'Veröffentlichen');
  const blockedId = uid('blocked');
  const blocked = gatePassed
    ? null
    : h(
        'p',
        { class: 'gate-failed', id: blockedId },
        context.canOverride
          ? 'Die Freigabeprüfung ist nicht bestanden. Veröffentlichen ist nur mit Begründung möglich.'
          : 'Die Freigabeprüfung ist nicht bestanden: Veröffentlichen ist gesperrt. Nur die Administration kann mit Begründung freigeben.',
      );
  const updateBlocked = () => {
    const allowed = gatePassed || (context.canOverride && override.checked);
    submit.disabled = !allowed;
    reasonField.hidden = gatePassed || !override.checked;
  };
  if (blocked) submit.setAttribute('aria-describedby', blockedId);
  override.addEventListener('change', updateBlocked);
  updateBlocked();
  const form = h(
    'form',
    { class: 'publish-form', 'aria-label': 'Training veröffentlichen' },
    blocked,
    !gatePassed && context.canOverride
      ? h(
          'div',
          { class: 'checkbox' },
          override,
          h('label', { for: override.id }, 'Trotzdem veröffentlichen (nur Administration)'),
        )
      : null,
    reasonField,
    field('Notiz zur Version (optional)', note),
    submit,
    status,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const overrideReason = !gatePassed && override.checked ? reason.value.trim() : undefined;
    if (!gatePassed && !overrideReason) {
      error.textContent = 'Bitte begründen Sie die Freigabe trotz nicht bestandener Prüfung.';
      reason.setAttribute('aria-invalid', 'true');
      reason.focus();
      return;
    }
    reason.removeAttribute('aria-invalid');
    submit.disabled = true;
    error.textContent = '';
    status.textContent = 'Wird veröffentlicht …';
    const options: { overrideReason?: string; note?: string } = {};
    if (overrideReason) options.overrideReason = overrideReason;
    if (note.value.trim()) options.note = note.value.trim();
    void context.api.publish(run.id, options).then((result) => {
      if (!result.ok) {
        updateBlocked();
        status.textContent = '';
        error.textContent = `Nicht veröffentlicht: ${failure(result)}`;
        return;
      }
      status.textContent = `Version ${result.value.version} ist veröffentlicht und jetzt live.`;
      published(result.value);
    });
  });
  return form;
}

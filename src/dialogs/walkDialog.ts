import { answerAt, hasAnswer, itemPath, itemsOf, setAnswer } from './answers.js';
import type { CompiledDialog } from './CompiledDialog.js';
import { type Draft, type FieldPath, splitPath } from './Draft.js';
import { VALUE_SCHEMAS } from './fields/values.js';
import type { GroupField, SimpleField } from './schema.js';

/** One question of a dialog, where it stands. */
export interface FieldSlot {
  path: FieldPath;
  field: SimpleField;
  group?: GroupField;
  index?: number;
}

export type NextStep = ({ kind: 'field' } & FieldSlot) | { kind: 'addAnother'; group: GroupField } | { kind: 'done' };

/**
 * The next question: the first field whose condition holds and that has no answer, in file order, group entries
 * one after another. Prefills are applied on the way (and recorded in `draft.prefilled`), so a field with a usable
 * prefill is never asked.
 */
export async function nextStep(dialog: CompiledDialog, draft: Draft): Promise<NextStep> {
  for (const field of dialog.definition.fields) {
    if (field.type !== 'group') {
      if (!(await isActive(dialog, draft, field.when))) continue;
      if (hasAnswer(draft.values, field.id)) continue;
      if (await applyPrefill(dialog, draft, { path: field.id, field })) continue;
      return { kind: 'field', path: field.id, field };
    }
    if (!(await isActive(dialog, draft, field.when))) continue;
    const items = itemsOf(draft.values, field.id);
    for (let index = 0; index <= items.length; index++) {
      if (index === items.length) {
        const needMore = items.length < field.min;
        const mayAddMore = !draft.closedGroups.includes(field.id) && items.length < field.max;
        if (needMore) {
          const first = await firstOpenInItem(dialog, draft, field, index);
          if (first) return first;
        }
        if (!needMore && mayAddMore && items.length > 0) return { kind: 'addAnother', group: field };
        break;
      }
      const open = await firstOpenInItem(dialog, draft, field, index);
      if (open) return open;
    }
  }
  return { kind: 'done' };
}

async function firstOpenInItem(
  dialog: CompiledDialog,
  draft: Draft,
  group: GroupField,
  index: number,
): Promise<({ kind: 'field' } & FieldSlot) | undefined> {
  for (const field of group.fields) {
    const slot: FieldSlot = { path: itemPath(group.id, index, field.id), field, group, index };
    if (!(await isActive(dialog, draft, field.when, slot))) continue;
    if (hasAnswer(draft.values, slot.path)) continue;
    if (await applyPrefill(dialog, draft, slot)) continue;
    return { kind: 'field', ...slot };
  }
  return undefined;
}

/** Every answered question whose condition holds, in order: what the summary shows and the recipients get. */
export async function activeAnswers(dialog: CompiledDialog, draft: Draft): Promise<(FieldSlot & { value: unknown })[]> {
  const answered: (FieldSlot & { value: unknown })[] = [];
  for (const field of dialog.definition.fields) {
    if (!(await isActive(dialog, draft, field.when))) continue;
    if (field.type !== 'group') {
      if (hasAnswer(draft.values, field.id)) answered.push({ path: field.id, field, value: draft.values[field.id] });
      continue;
    }
    const items = itemsOf(draft.values, field.id);
    for (let index = 0; index < items.length; index++) {
      for (const subfield of field.fields) {
        const slot: FieldSlot = { path: itemPath(field.id, index, subfield.id), field: subfield, group: field, index };
        if (!(await isActive(dialog, draft, subfield.when, slot))) continue;
        if (hasAnswer(draft.values, slot.path)) answered.push({ ...slot, value: answerAt(draft.values, slot.path) });
      }
    }
  }
  return answered;
}

/** The answers of questions whose conditions hold, as the recipients get them (groups as arrays). */
export async function activeValues(dialog: CompiledDialog, draft: Draft): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const answer of await activeAnswers(dialog, draft)) {
    if (!answer.group || answer.index === undefined) {
      values[answer.field.id] = answer.value;
      continue;
    }
    const items = groups.get(answer.group.id) ?? [];
    groups.set(answer.group.id, items);
    values[answer.group.id] = items;
    const item = items[answer.index] ?? {};
    items[answer.index] = item;
    item[answer.field.id] = answer.value;
  }
  return values;
}

/** The question at a path, if the dialog has it (paths come from buttons and stored drafts). */
export function slotAt(dialog: CompiledDialog, path: FieldPath): FieldSlot | undefined {
  const { group: groupId, index, field: fieldId } = splitPath(path);
  if (groupId !== undefined && index !== undefined) {
    const group = dialog.topField(groupId);
    if (group?.type !== 'group') return undefined;
    const field = group.fields.find((candidate) => candidate.id === fieldId);
    return field ? { path, field, group, index } : undefined;
  }
  const field = dialog.topField(path);
  return field && field.type !== 'group' ? { path, field } : undefined;
}

/** The first of a question's rules that an answer breaks, with its message; none for a skipped (null) answer. */
export async function brokenRule(
  dialog: CompiledDialog,
  draft: Draft,
  slot: FieldSlot,
  value: unknown,
): Promise<{ reason: 'rule'; message: { de: string; en?: string } } | undefined> {
  if (value === null) return undefined;
  for (const rule of slot.field.rules) {
    const { input, bindings } = scopeOf(draft, slot, value);
    if (!(await dialog.expression(rule.check).test(input, bindings))) return { reason: 'rule', message: rule.message };
  }
  return undefined;
}

/** Expression input for a question: all answers, a group entry's answers on top, and `$value`, `$index`, `$service`. */
export function scopeOf(
  draft: Draft,
  slot?: Pick<FieldSlot, 'group' | 'index'>,
  value?: unknown,
): { input: Record<string, unknown>; bindings: Record<string, unknown> } {
  const item = slot?.group && slot.index !== undefined ? itemsOf(draft.values, slot.group.id)[slot.index] : undefined;
  return {
    input: { ...draft.values, ...item },
    bindings: { value, index: slot?.index, service: draft.serviceChosen ? draft.serviceId : undefined },
  };
}

/** `$service` for expressions that see all answers (computed values, exits, recipients). */
export function serviceBinding(draft: Draft): Record<string, unknown> {
  return { service: draft.serviceChosen ? draft.serviceId : undefined };
}

async function isActive(
  dialog: CompiledDialog,
  draft: Draft,
  when: string | undefined,
  slot?: FieldSlot,
): Promise<boolean> {
  if (when === undefined) return true;
  const { input, bindings } = scopeOf(draft, slot);
  return dialog.expression(when).test(input, bindings);
}

async function applyPrefill(dialog: CompiledDialog, draft: Draft, slot: FieldSlot): Promise<boolean> {
  if (slot.field.prefill === undefined) return false;
  const { input, bindings } = scopeOf(draft, slot);
  const value = await dialog.expression(slot.field.prefill).evaluate(input, bindings);
  if (value === undefined || value === null || !VALUE_SCHEMAS[slot.field.type].safeParse(value).success) return false;
  setAnswer(draft, slot.path, value);
  if (!draft.prefilled.includes(slot.path)) draft.prefilled.push(slot.path);
  return true;
}

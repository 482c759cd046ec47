import { type Draft, type FieldPath, itemPath, splitPath } from './Draft.js';

/** Reading and writing answers by path (`ownerName`, `dogs[1].name`) in a draft's values. */

type Item = Record<string, unknown>;

export function itemsOf(values: Record<string, unknown>, group: string): Item[] {
  const items = values[group];
  return Array.isArray(items) ? items.filter(isItem) : [];
}

export function hasAnswer(values: Record<string, unknown>, path: FieldPath): boolean {
  const { group, index, field } = splitPath(path);
  if (group === undefined || index === undefined) return field in values;
  const item = itemsOf(values, group)[index];
  return item !== undefined && field in item;
}

export function answerAt(values: Record<string, unknown>, path: FieldPath): unknown {
  const { group, index, field } = splitPath(path);
  if (group === undefined || index === undefined) return values[field];
  return itemsOf(values, group)[index]?.[field];
}

/** Sets an answer; a group item is created when the path names the next one. */
export function setAnswer(draft: Draft, path: FieldPath, value: unknown): void {
  const { group, index, field } = splitPath(path);
  if (group === undefined || index === undefined) {
    draft.values[field] = value;
    return;
  }
  const items = itemsOf(draft.values, group);
  while (items.length <= index) items.push({});
  const item = items[index];
  if (item) item[field] = value;
  draft.values[group] = items;
}

export function removeAnswer(draft: Draft, path: FieldPath): void {
  const { group, index, field } = splitPath(path);
  if (group === undefined || index === undefined) {
    delete draft.values[field];
    return;
  }
  const items = itemsOf(draft.values, group);
  const item = items[index];
  if (item) delete item[field];
  // An entry left empty by "zurück" is gone, so the group asks "another one?" again.
  if (item && Object.keys(item).length === 0 && index === items.length - 1) items.pop();
  draft.values[group] = items;
}

/** Records that a path was answered now (for "zurück"), once. */
export function noteAnswered(draft: Draft, path: FieldPath): void {
  draft.history = [...draft.history.filter((entry) => entry !== path), path];
}

export { itemPath };

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

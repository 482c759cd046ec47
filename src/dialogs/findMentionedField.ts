import { type Language, localize } from '../catalogue/schema.js';
import type { CompiledDialog } from './CompiledDialog.js';
import type { Draft } from './Draft.js';
import { foldText } from './fields/foldText.js';
import { activeAnswers, type FieldSlot } from './walkDialog.js';

/**
 * The answered question a citizen's message refers to, by the field's label or aliases: "das Kennzeichen ist
 * falsch" → the plate. The longest name found wins ("Name des Hundes" over "Name"); in a group, the latest entry.
 */
export async function findMentionedField(
  dialog: CompiledDialog,
  draft: Draft,
  text: string,
  lang: Language,
): Promise<FieldSlot | undefined> {
  const folded = ` ${foldText(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  let best: { slot: FieldSlot; length: number } | undefined;
  for (const slot of await activeAnswers(dialog, draft)) {
    for (const name of namesOf(slot, lang)) {
      const length = name.length;
      if (!folded.includes(` ${name} `)) continue;
      const better =
        !best || length > best.length || (length === best.length && (slot.index ?? 0) > (best.slot.index ?? 0));
      if (better) best = { slot, length };
    }
  }
  return best?.slot;
}

function namesOf(slot: FieldSlot, lang: Language): string[] {
  const { field } = slot;
  const names = [
    localize(field.label, lang),
    field.label.de,
    ...(field.aliases?.de ?? []),
    ...(field.aliases?.en ?? []),
  ];
  if (field.label.en) names.push(field.label.en);
  return [
    ...new Set(
      names
        .map((name) =>
          foldText(name)
            .replace(/[^\p{L}\p{N}]+/gu, ' ')
            .trim(),
        )
        .filter(Boolean),
    ),
  ];
}

import { z } from 'zod';
import type { CompiledDialog } from './CompiledDialog.js';
import type { Draft } from './Draft.js';
import { PersonName, PostalAddress } from './fields/values.js';
import { activeAnswers } from './walkDialog.js';

/**
 * What a citizen told the dialogs of one conversation about themselves, so the next application in the same
 * conversation offers it as a one-tap answer. Kept in the conversation state and deleted with it.
 */
export const Profile = z.object({
  name: PersonName.optional(),
  birthDate: z.string().optional(),
  address: PostalAddress.optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  iban: z.string().optional(),
});
export type Profile = z.infer<typeof Profile>;

/** The profile values among a submitted draft's answers (fields marked with `profile`). */
export async function profileOf(dialog: CompiledDialog, draft: Draft): Promise<Profile> {
  const entries: Record<string, unknown> = {};
  for (const answer of await activeAnswers(dialog, draft)) {
    const key = answer.field.profile;
    if (key !== undefined && answer.value !== null && !answer.group) entries[key] = answer.value;
  }
  const parsed = Profile.safeParse(entries);
  return parsed.success ? parsed.data : {};
}

import { z } from 'zod';

const path = z.string().min(1).max(100);
const dialogId = z.string().min(1).max(100);
const form = { action: z.literal('form') };

/** The payload of a form dialog's buttons. Parsed from `activity.value`, never trusted: paths are checked again. */
export const FormAction = z.discriminatedUnion('op', [
  z.object({ ...form, op: z.literal('start'), dialogId, serviceId: z.string().max(100).optional() }),
  z.object({ ...form, op: z.literal('answer'), path, value: z.union([z.string().max(100), z.boolean()]) }),
  /** The one-tap answer offered for `path` (kept in the draft, not in the button). */
  z.object({ ...form, op: z.literal('suggestion'), path }),
  z.object({ ...form, op: z.literal('addAnother'), group: path, value: z.boolean() }),
  z.object({ ...form, op: z.literal('change'), path }),
  z.object({ ...form, op: z.literal('addItem'), group: path }),
  z.object({ ...form, op: z.literal('skip'), path }),
  z.object({ ...form, op: z.literal('back') }),
  z.object({ ...form, op: z.literal('submit') }),
  z.object({ ...form, op: z.literal('cancel') }),
  z.object({ ...form, op: z.literal('confirmCancel') }),
  /** Go on with the draft (after "really cancel?", an exit or a question in between). */
  z.object({ ...form, op: z.literal('resume') }),
  z.object({ ...form, op: z.literal('discardAndStart'), dialogId, serviceId: z.string().max(100).optional() }),
]);
export type FormAction = z.infer<typeof FormAction>;

import { z } from 'zod';
import { UploadReference } from '../../uploads/attachments.js';
import type { FieldType } from '../schema.js';

/** The stored shape of each field type's answer; answers are parsed with these whenever they come from outside. */
export const PersonName = z.object({ givenName: z.string().min(1), familyName: z.string().min(1) });
export type PersonName = z.infer<typeof PersonName>;

export const PostalAddress = z.object({
  street: z.string().min(1),
  houseNumber: z.string().min(1),
  postalCode: z.string().optional(),
  city: z.string().optional(),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

export const VALUE_SCHEMAS: Record<FieldType, z.ZodType> = {
  text: z.string(),
  number: z.number(),
  amount: z.number(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  choice: z.string(),
  yesNo: z.boolean(),
  email: z.string(),
  phone: z.string(),
  iban: z.string(),
  vehiclePlate: z.string(),
  address: PostalAddress,
  personName: PersonName,
  file: UploadReference,
};

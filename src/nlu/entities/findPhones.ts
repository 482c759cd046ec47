import { findPhoneNumbersInText } from 'libphonenumber-js/max';
import type { EntityFinder } from './finderContext.js';

/**
 * Phone numbers with libphonenumber-js ("Tel. 0170 1234567", "+49 (0)89 233-45141"), German numbers without a
 * country code. The full ("max") metadata is used because the small one accepts "12345" or "15.03.2027" as valid
 * German numbers; the full one checks the number ranges. A number must start with "+", "00" or the trunk "0":
 * without them digit runs such as "30.000", "2016/1191" or a LeiKa key pass as numbers in some German area.
 */
export const findPhones: EntityFinder = (text) =>
  findPhoneNumbersInText(text, { defaultCountry: 'DE' })
    .filter((found) => found.number.isValid() && /^\(?[+0]/.test(text.slice(found.startsAt)))
    .map((found) => ({
      type: 'phone' as const,
      text: text.slice(found.startsAt, found.endsAt),
      start: found.startsAt,
      end: found.endsAt,
      value: found.number.number,
    }));

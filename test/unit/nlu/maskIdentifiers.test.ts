import { describe, expect, it } from 'vitest';
import { maskIdentifiers } from '../../../src/nlu/maskIdentifiers.js';

describe('maskIdentifiers', () => {
  it('leaves the words of a message and drops plates, IBANs, e-mail addresses, phone numbers and figures', () => {
    // With the preposition that only says where the identifier belongs.
    expect(maskIdentifiers('Ich möchte einen Bewohnerparkausweis für M-AB 123 beantragen')).toBe(
      'Ich möchte einen Bewohnerparkausweis beantragen',
    );
    expect(maskIdentifiers('Meine IBAN DE89 3704 0044 0532 0130 00 hat sich geändert')).toBe(
      'Meine IBAN hat sich geändert',
    );
    expect(maskIdentifiers('Zählerstand 12345 am 15.03.2025 an erika@example.org')).toBe('Zählerstand');
    expect(maskIdentifiers('Rückruf unter +49 170 1234567 bitte')).toBe('Rückruf bitte');
  });

  it('returns messages without figures unchanged', () => {
    expect(maskIdentifiers('Was kostet ein Reisepass?')).toBe('Was kostet ein Reisepass?');
  });
});

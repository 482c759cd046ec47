import { describe, expect, it } from 'vitest';
import { sniffContentType } from '../../src/uploads/sniffContentType.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('sniffContentType', () => {
  it('recognises PDF, JPEG and PNG by their first bytes', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('application/pdf');
    expect(sniffContentType(bytes(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46))).toBe('image/jpeg');
    expect(sniffContentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00))).toBe('image/png');
  });

  it('does not know anything else, whatever its name would claim', () => {
    expect(sniffContentType(Buffer.from('MZ\x90\x00\x03'))).toBeUndefined(); // a Windows executable
    expect(sniffContentType(Buffer.from('PK\x03\x04'))).toBeUndefined(); // a zip (also .docx)
    expect(sniffContentType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(sniffContentType(Buffer.from(' %PDF-1.7'))).toBeUndefined(); // the signature must come first
  });

  it('does not take a truncated signature for a whole one', () => {
    expect(sniffContentType(bytes())).toBeUndefined();
    expect(sniffContentType(Buffer.from('%PDF'))).toBeUndefined();
    expect(sniffContentType(bytes(0xff, 0xd8))).toBeUndefined();
    expect(sniffContentType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a))).toBeUndefined();
  });
});

/** The file types citizens may upload, each recognised by the magic number its files start with. */
const SIGNATURES: readonly { contentType: string; magic: readonly number[] }[] = [
  // "%PDF-"
  { contentType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { contentType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { contentType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/**
 * The type of a file read from its first bytes: `application/pdf`, `image/jpeg` or `image/png`; undefined for
 * anything else. The type a client claims is never trusted, because a renamed file claims whatever its name says.
 */
export function sniffContentType(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(({ magic }) => startsWith(bytes, magic))?.contentType;
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, index) => bytes[index] === byte);
}

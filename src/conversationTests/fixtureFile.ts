import { deflateSync } from 'node:zlib';

/** The files a script can send: `upload: pdf`. */
export const FIXTURE_KINDS = ['pdf', 'png', 'unsupported', 'too-large-pdf'] as const;
export type FixtureKind = (typeof FIXTURE_KINDS)[number];

/** A file as a citizen's client sends it (widget protocol and Bot Framework alike). */
export interface FixtureFile {
  contentType: string;
  name: string;
  contentUrl: string;
}

/** The largest file a field takes when the bot does not say (`file` fields and the server default to 5 MiB). */
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * A file of the given kind, generated here so that no binary sits in the repository. `too-large-pdf` is one byte
 * larger than `maxBytes`, the limit the bot announced for the field it asks (`channelData.govbot.expect`).
 */
export function fixtureFile(kind: FixtureKind, options: { name?: string; maxBytes?: number } = {}): FixtureFile {
  switch (kind) {
    case 'pdf':
      return file('application/pdf', options.name ?? 'nachweis.pdf', tinyPdf());
    case 'png':
      return file('image/png', options.name ?? 'foto.png', tinyPng());
    case 'unsupported':
      return file('text/plain', options.name ?? 'notizen.txt', Buffer.from('Nur ein paar Notizen, kein Nachweis.\n'));
    case 'too-large-pdf':
      return file(
        'application/pdf',
        options.name ?? 'scan-gross.pdf',
        tinyPdf((options.maxBytes ?? DEFAULT_MAX_BYTES) + 1),
      );
  }
}

function file(contentType: string, name: string, bytes: Buffer): FixtureFile {
  return { contentType, name, contentUrl: `data:${contentType};base64,${bytes.toString('base64')}` };
}

/** A one-page PDF saying "Nachweis", with a correct cross-reference table; padded to `minBytes` by an unused stream. */
export function tinyPdf(minBytes = 0): Buffer {
  const text = 'BT /F1 18 Tf 20 40 Td (Nachweis) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const build = (padding: number): Buffer => {
    const bodies =
      padding > 0 ? [...objects, `<< /Length ${padding} >>\nstream\n${'0'.repeat(padding)}\nendstream`] : objects;
    let pdf = '%PDF-1.4\n';
    const offsets: number[] = [];
    bodies.forEach((body, index) => {
      offsets.push(Buffer.byteLength(pdf));
      pdf += `${index + 1} 0 obj\n${body}\nendobj\n`;
    });
    const xref = Buffer.byteLength(pdf);
    pdf += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
    pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
    pdf += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(pdf, 'latin1');
  };
  const plain = build(0);
  if (plain.length >= minBytes) return plain;
  // The padding comes with its own framing (object header, length, xref line): aim at exactly `minBytes`.
  let padding = minBytes - plain.length;
  let padded = build(padding);
  for (let tries = 0; padded.length !== minBytes && tries < 4; tries++) {
    padding = Math.max(1, padding + minBytes - padded.length);
    padded = build(padding);
  }
  return padded;
}

/** A 1×1 PNG (one teal pixel) with valid chunk checksums. */
export function tinyPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour
  const pixels = deflateSync(Buffer.from([0, 0x00, 0x80, 0x80]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

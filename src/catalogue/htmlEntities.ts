/** HTML character references: the common named ones and all numeric ones. */
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const OTHER_ENTITIES =
  'quot 34 amp 38 apos 39 lt 60 gt 62 OElig 338 oelig 339 Scaron 352 scaron 353 Yuml 376 fnof 402 circ 710 tilde 732 ensp 8194 emsp 8195 thinsp 8201 zwnj 8204 zwj 8205 lrm 8206 rlm 8207 ndash 8211 mdash 8212 lsquo 8216 rsquo 8217 sbquo 8218 ldquo 8220 rdquo 8221 bdquo 8222 dagger 8224 Dagger 8225 bull 8226 hellip 8230 permil 8240 prime 8242 Prime 8243 lsaquo 8249 rsaquo 8250 euro 8364 trade 8482 larr 8592 uarr 8593 rarr 8594 darr 8595 harr 8596 rArr 8658 minus 8722 infin 8734 asymp 8776 ne 8800 le 8804 ge 8805 check 10003';
const NAMED = new Map<string, number>([
  ...LATIN1.split(' ').map((name, index): [string, number] => [name, 160 + index]),
  ...[...OTHER_ENTITIES.matchAll(/(\w+) (\d+)/g)].map((m): [string, number] => [m[1] ?? '', Number(m[2])]),
]);
/** Numeric references 128–159 mean Windows-1252 characters (HTML5 rule), e.g. &#150; is an en dash. */
const CP1252 = [
  8364, 129, 8218, 402, 8222, 8230, 8224, 8225, 710, 8240, 352, 8249, 338, 141, 381, 143, 144, 8216, 8217, 8220, 8221,
  8226, 8211, 8212, 732, 8482, 353, 8250, 339, 157, 382, 376,
];

/** Decodes named (common HTML ones; unknown names stay as written) and numeric character references. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z][a-z0-9]{1,31}));/gi, (match, dec, hex, name) => {
    if (name) {
      const code = NAMED.get(name);
      return code === undefined ? match : String.fromCodePoint(code);
    }
    let code = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
    if (code >= 128 && code <= 159) code = CP1252[code - 128] ?? code;
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}

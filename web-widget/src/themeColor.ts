/** The city's colour, and what goes on it. */
export interface ThemeColor {
  hex: string;
  /** Black or white, whichever contrasts more with `hex`. */
  onColor: string;
  /** Whether `hex` as text on white meets WCAG AA (4.5:1). */
  readableOnWhite: boolean;
}

/** Parses `#rgb` or `#rrggbb`; undefined for anything else. */
export function themeColor(value: string): ThemeColor | undefined {
  const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value.trim());
  if (!match?.[1]) return undefined;
  const digits = match[1].length === 3 ? [...match[1]].map((digit) => digit + digit).join('') : match[1];
  const hex = `#${digits.toLowerCase()}`;
  const luminance = relativeLuminance(digits);
  const onWhite = contrast(luminance, 1);
  const onBlack = contrast(luminance, 0);
  return { hex, onColor: onWhite >= onBlack ? '#ffffff' : '#000000', readableOnWhite: onWhite >= 4.5 };
}

/** WCAG 2.1 relative luminance of an `rrggbb` colour. */
function relativeLuminance(digits: string): number {
  const [r = 0, g = 0, b = 0] = [0, 2, 4].map((at) => {
    const channel = Number.parseInt(digits.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

const SVG = 'http://www.w3.org/2000/svg';

/** A paperclip (file upload); decorative, the button's text names it. */
export const paperclip = () => icon('M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7');

/** A speech bubble (the launcher); decorative, the button's text names it. */
export const chatIcon = () => icon('M4 5h16v11H9l-5 4z');

/** A stroked 24×24 icon, built through the DOM (no markup parsing, fine under a strict CSP). */
function icon(pathData: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', pathData);
  svg.append(path);
  return svg;
}

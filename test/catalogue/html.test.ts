import { describe, expect, it } from 'vitest';
import { htmlToMarkdown, htmlToText } from '../../src/catalogue/html.js';

describe('htmlToMarkdown with hostile input', () => {
  it('removes scripts, styles and iframes with their content', () => {
    expect(htmlToMarkdown('<p>Hallo<script>alert(1)</script> Welt</p>')).toBe('Hallo Welt');
    expect(htmlToMarkdown('<style>p { color: red }</style><iframe src="https://evil.example">x</iframe>ok')).toBe('ok');
    expect(htmlToMarkdown('<SCRIPT type="text/javascript">alert("</p>")</SCRIPT >danach')).toBe('danach');
    expect(htmlToMarkdown('vorher<script>alert(1)')).toBe('vorher');
  });

  it('keeps only the text of links that are not http(s), mailto or tel', () => {
    expect(htmlToMarkdown('<a href="javascript:alert(1)">x</a>')).toBe('x');
    expect(htmlToMarkdown('<a href="&#106;avascript:alert(1)">x</a>')).toBe('x');
    expect(htmlToMarkdown('<a href="java\tscript:alert(1)">x</a>')).toBe('x');
    expect(htmlToMarkdown('<a href="data:text/html,<script>alert(1)</script>">x</a>')).toBe('x');
    expect(htmlToMarkdown('<a href="/relativ">x</a>')).toBe('x');
  });

  it('drops images and event handler attributes', () => {
    expect(htmlToMarkdown('<img src=x onerror=alert(1)>')).toBe('');
    expect(htmlToMarkdown('<p onclick="alert(1)">Text<img src="x" alt="Bild"></p>')).toBe('Text');
  });

  it('escapes text that would otherwise become a link or HTML', () => {
    const markdown = htmlToMarkdown('<p>[Klick](https://evil.example) &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(markdown).toBe('\\[Klick\\](https://evil.example) \\<script\\>alert(1)\\</script\\>');
    expect(htmlToMarkdown('&amp;lt;b&amp;gt;')).toBe('\\&lt;b\\&gt;');
    expect(htmlToMarkdown('# keine Überschrift')).toBe('\\# keine Überschrift');
  });

  it('keeps the gender star between letters but escapes stars that could start emphasis', () => {
    expect(htmlToMarkdown('Bürger*innen und *alle* Antragsteller_innen')).toBe(
      'Bürger*innen und \\*alle\\* Antragsteller_innen',
    );
  });

  it('does not let markdown in a link target break out of the link', () => {
    expect(htmlToMarkdown('<a href="https://example.org/a (b)">x</a>')).toBe('[x](https://example.org/a%20%28b%29)');
  });

  it('survives deeply nested and unterminated markup', () => {
    const nested = `${'<span>'.repeat(50_000)}tief${'</span>'.repeat(50_000)}`;
    expect(htmlToMarkdown(nested)).toBe('tief');
    expect(htmlToMarkdown('<p>Text <a href="https://example.org')).toBe('Text');
    expect(htmlToMarkdown('<p title="a>b">x</p><!-- <script>alert(1)</script> -->')).toBe('x');
  });
});

describe('htmlToMarkdown formatting', () => {
  it('decodes named and numeric entities and removes zero-width spaces', () => {
    expect(htmlToMarkdown('&auml;&ouml;&uuml;&szlig;&Auml;&nbsp;&euro; &#228;&#xE4; &#150; &bdquo;x&ldquo;')).toBe(
      'äöüßÄ € ää – „x“',
    );
    expect(htmlToMarkdown('<p>\u200bSie haben\u200b&nbsp;&nbsp; Zeit</p>')).toBe('Sie haben Zeit');
    expect(htmlToMarkdown('&unbekannt; bleibt')).toBe('\\&unbekannt; bleibt');
  });

  it('turns paragraphs, line breaks, bold and italics into markdown', () => {
    expect(
      htmlToMarkdown('<p>Eins <strong>fett </strong>und <em>kursiv</em></p>\n\n<p>Zwei<br>Drei<br><br><br>Vier</p>'),
    ).toBe('Eins **fett** und _kursiv_\n\nZwei\nDrei\n\nVier');
    expect(htmlToMarkdown('<b><strong>doppelt</strong></b> <strong><br></strong>')).toBe('**doppelt**');
  });

  it('renders nested lists with markers and indentation', () => {
    const html =
      '<ul><li>a<ul><li>b</li><li>c<ol><li>d</li><li>e</li></ol></li></ul></li><li>f</li></ul><ol start="3"><li>g</ol>';
    expect(htmlToMarkdown(html)).toBe('- a\n  - b\n  - c\n    1. d\n    2. e\n- f\n\n3. g');
    expect(htmlToMarkdown('<ul><li>ohne<li>Endtags</ul>')).toBe('- ohne\n- Endtags');
  });

  it('turns links, headings and tables into markdown lines', () => {
    expect(htmlToMarkdown('Siehe <a href="https://example.org/x" target="_blank">Seite <b>x</b></a>.')).toBe(
      'Siehe [Seite **x**](https://example.org/x).',
    );
    expect(htmlToMarkdown('<a href="mailto:amt@example.org">Mail</a> <a href="tel:+49891234">Anruf</a>')).toBe(
      '[Mail](mailto:amt@example.org) [Anruf](tel:+49891234)',
    );
    expect(htmlToMarkdown('<h2>Kosten</h2><p>Text</p>')).toBe('**Kosten**\n\nText');
    expect(
      htmlToMarkdown('<table><tr><th>Art</th><th>Preis</th></tr><tr><td>Pass</td><td>37 Euro</td></tr></table>'),
    ).toBe('Art | Preis\nPass | 37 Euro');
  });

  it('htmlToText gives the same structure without marks or escapes', () => {
    expect(
      htmlToText('<p><strong>Fett</strong> [x] <a href="https://example.org">Link</a></p><ul><li>a</li></ul>'),
    ).toBe('Fett [x] Link\n\n- a');
  });
});

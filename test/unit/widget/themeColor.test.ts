import { describe, expect, it } from 'vitest';
import { themeColor } from '../../../web-widget/src/themeColor.js';

describe('themeColor (data-color of the embed tag)', () => {
  it('puts white on dark colours and black on light ones, whichever contrasts more', () => {
    expect(themeColor('#0a4d8c')).toEqual({ hex: '#0a4d8c', onColor: '#ffffff', readableOnWhite: true });
    expect(themeColor('#FFCC00')).toEqual({ hex: '#ffcc00', onColor: '#000000', readableOnWhite: false });
    expect(themeColor('#fff')).toEqual({ hex: '#ffffff', onColor: '#000000', readableOnWhite: false });
    expect(themeColor(' #000 ')).toEqual({ hex: '#000000', onColor: '#ffffff', readableOnWhite: true });
  });

  it('uses the colour for links and focus only where it reaches 4.5:1 on white', () => {
    // #767676 is the lightest grey with 4.54:1 on white; #777777 has 4.48:1.
    expect(themeColor('#767676')?.readableOnWhite).toBe(true);
    expect(themeColor('#777777')?.readableOnWhite).toBe(false);
  });

  it('refuses anything but #rgb and #rrggbb', () => {
    for (const value of ['red', '#12345', '#1234567', 'rgb(0,0,0)', '#ggg', '', 'url(x)', '#fff;color:red']) {
      expect(themeColor(value), value).toBeUndefined();
    }
  });
});

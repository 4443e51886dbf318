import { mount } from '@vue/test-utils';
import decodeQR from 'qr/decode.js';
import { describe, expect, it } from 'vitest';
import QrCode from './QrCode.vue';

const URI = 'otpauth://totp/Latchkey:ada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Latchkey';
const PIXELS_PER_MODULE = 4;

/** Paints the drawn path's unit squares into an RGB image, as a camera would see the screen. */
function photograph(viewBox: string, path: string) {
  const size = Number(viewBox.split(' ')[2]);
  const side = size * PIXELS_PER_MODULE;
  const data = new Uint8Array(side * side * 3).fill(255);
  for (const [, x, y] of path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < PIXELS_PER_MODULE; dy++) {
      for (let dx = 0; dx < PIXELS_PER_MODULE; dx++) {
        const row = Number(y) * PIXELS_PER_MODULE + dy;
        const column = Number(x) * PIXELS_PER_MODULE + dx;
        data.fill(0, (row * side + column) * 3, (row * side + column) * 3 + 3);
      }
    }
  }
  return { width: side, height: side, data };
}

describe('QrCode', () => {
  it('draws a code that a reader decodes back to the text, labelled for assistive technology', () => {
    const wrapper = mount(QrCode, { props: { text: URI, label: 'QR code for your authenticator app' } });
    const svg = wrapper.get('svg');
    expect(svg.attributes('role')).toBe('img');
    expect(svg.attributes('aria-label')).toBe('QR code for your authenticator app');

    const image = photograph(svg.attributes('viewBox')!, wrapper.get('path').attributes('d')!);
    expect(decodeQR(image)).toBe(URI);
  });

  it('follows a new text', async () => {
    const wrapper = mount(QrCode, { props: { text: URI, label: 'QR code' } });
    const other = URI.replace('JBSWY3DPEHPK3PXP', 'KRSXG5CTMVRXEZLU');
    await wrapper.setProps({ text: other });
    const svg = wrapper.get('svg');
    expect(decodeQR(photograph(svg.attributes('viewBox')!, wrapper.get('path').attributes('d')!))).toBe(
      other,
    );
  });
});

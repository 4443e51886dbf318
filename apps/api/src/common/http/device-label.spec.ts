import { deviceLabel, UNKNOWN_DEVICE } from './device-label';

describe('deviceLabel', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Chrome on macOS',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
      'Microsoft Edge on Windows',
    ],
  ])('names browser and system: %s', (userAgent, label) => {
    expect(deviceLabel(userAgent)).toBe(label);
  });

  it.each([
    ['curl/8.5.0', 'curl'],
    ['node', 'node'],
    ['MyBackupScript (build 7)', 'MyBackupScript'],
  ])('names a client that is no browser by its product: %s', (userAgent, label) => {
    expect(deviceLabel(userAgent)).toBe(label);
  });

  it.each([[null], [''], ['   '], ['\u0000\u200b']])('says "Unknown device" for %j', (userAgent) => {
    expect(deviceLabel(userAgent)).toBe(UNKNOWN_DEVICE);
  });

  it('drops control characters and keeps the label short', () => {
    const label = deviceLabel(`Evil\u0007Bot\n${'x'.repeat(500)}`);
    expect(label).not.toMatch(/\p{Cc}/u);
    expect(label.length).toBeLessThanOrEqual(64);
    expect(label.startsWith('EvilBot')).toBe(true);
  });
});

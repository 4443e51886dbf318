import { testConfig } from '../testing/test-config';
import { ConfigError } from './app-config';
import { parseDurationMs, parseDurationSeconds } from './duration';

describe('mail settings in AppConfig', () => {
  it('defaults to polling every second and retrying after five', () => {
    const config = testConfig();
    expect(config.mailPollIntervalMs).toBe(1000);
    expect(config.mailRetryBaseMs).toBe(5000);
  });

  it('accepts milliseconds and the usual duration units', () => {
    const config = testConfig({ MAIL_POLL_INTERVAL: '250ms', MAIL_RETRY_BASE: '2m' });
    expect(config.mailPollIntervalMs).toBe(250);
    expect(config.mailRetryBaseMs).toBe(120_000);
  });

  it('refuses nonsense, naming the variable', () => {
    expect(() => testConfig({ MAIL_POLL_INTERVAL: 'often' })).toThrow(ConfigError);
    expect(() => testConfig({ MAIL_RETRY_BASE: '1ms' })).toThrow(/MAIL_RETRY_BASE/);
  });
});

describe('durations', () => {
  it('reads a bare number as seconds', () => {
    expect(parseDurationMs('5')).toBe(5000);
    expect(parseDurationSeconds('15m')).toBe(900);
  });

  it('has no whole-second value for sub-second durations', () => {
    expect(parseDurationSeconds('1500ms')).toBeUndefined();
    expect(parseDurationSeconds('2000ms')).toBe(2);
  });
});

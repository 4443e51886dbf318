import { describe, expect, it } from 'vitest';
import { t } from '../i18n';
import { navItemsFor } from './navigation';

describe('navItemsFor', () => {
  it('shows the admin link to confirmed administrators only', () => {
    const labels = (...args: Parameters<typeof navItemsFor>) =>
      navItemsFor(...args).map((item) => t(item.labelKey));
    expect(labels('confirmed', true)).toContain('Admin');
    expect(labels('confirmed', false)).not.toContain('Admin');
    expect(labels('confirmed')).not.toContain('Admin');
    expect(labels('pending-approval', true)).not.toContain('Admin');
    expect(labels('guest')).not.toContain('Admin');
  });

  it('shows the gallery and upload to confirmed accounts only', () => {
    const labels = (state: Parameters<typeof navItemsFor>[0]) =>
      navItemsFor(state).map((item) => t(item.labelKey));
    expect(labels('confirmed')).toEqual(expect.arrayContaining(['Gallery', 'Upload']));
    for (const state of ['guest', 'unconfirmed', 'pending-approval'] as const) {
      expect(labels(state)).not.toContain('Gallery');
      expect(labels(state)).not.toContain('Upload');
    }
  });
});

import { AccountExportRequestedEvent } from './account-export-requested.event';

describe('AccountExportRequestedEvent', () => {
  it('collects the contributed sections in the order of their names', () => {
    const event = new AccountExportRequestedEvent('user', 'session');
    event.contribute('sessions', []);
    event.contribute('activity', [{ type: 'sign-in' }]);
    event.contribute('images', []);
    expect(Object.keys(event.collected())).toEqual(['activity', 'images', 'sessions']);
    expect(event.collected().activity).toEqual([{ type: 'sign-in' }]);
  });

  it('refuses a section contributed twice, so two listeners never overwrite each other', () => {
    const event = new AccountExportRequestedEvent('user', 'session');
    event.contribute('images', []);
    expect(() => event.contribute('images', [])).toThrow(/twice/);
  });
});

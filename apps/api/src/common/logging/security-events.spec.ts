import { Logger } from '@nestjs/common';
import { logSecurityEvent } from './security-events';

describe('logSecurityEvent', () => {
  afterEach(() => jest.restoreAllMocks());

  it('logs what may be an attack as a warning, and routine events as info, each named by its event', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const info = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const failed = { event: 'auth.login_failed', reason: 'unknown_account', knownDevice: false } as const;
    const approved = {
      event: 'admin.user_updated',
      actorId: 'a',
      userId: 'u',
      changes: { approved: true },
    } as const;

    logSecurityEvent(failed);
    logSecurityEvent(approved);

    expect(warn).toHaveBeenCalledWith(failed, 'auth.login_failed');
    expect(info).toHaveBeenCalledWith(approved, 'admin.user_updated');
  });
});

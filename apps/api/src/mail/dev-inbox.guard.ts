import { CanActivate, HttpStatus, Injectable } from '@nestjs/common';
import { ProblemException } from '../common/problem/problem';
import { SmtpCatcher } from './smtp-catcher';

/**
 * The development inbox exists only while the embedded catcher receives the mail; production cannot run the
 * catcher (AppConfig requires SMTP_URL there).
 */
@Injectable()
export class DevInboxGuard implements CanActivate {
  constructor(private readonly catcher: SmtpCatcher) {}

  canActivate(): boolean {
    if (!this.catcher.isRunning) {
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'NOT_FOUND',
        'There is no development inbox on this server.',
      );
    }
    return true;
  }
}

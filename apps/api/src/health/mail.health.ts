import { MailerService } from '@nestjs-modules/mailer';
import { Injectable, Logger } from '@nestjs/common';
import type { DependencyCheckDto } from './readiness.dto';
import { withTimeout } from './with-timeout';

const VERIFY_TIMEOUT_MS = 3000;
const CACHE_MS = 10_000;

/**
 * Whether the SMTP server accepts a connection (and our credentials). The answer is cached briefly so
 * frequent probes from load balancers do not open an SMTP session each, and a change is logged once
 * rather than with every probe.
 */
@Injectable()
export class MailHealthIndicator {
  private readonly logger = new Logger('Health');
  private cached?: { at: number; result: Promise<DependencyCheckDto> };
  private lastStatus?: DependencyCheckDto['status'];

  constructor(private readonly mailer: MailerService) {}

  check(): Promise<DependencyCheckDto> {
    if (!this.cached || Date.now() - this.cached.at > CACHE_MS) {
      this.cached = { at: Date.now(), result: this.verify().then((result) => this.logChange(result)) };
    }
    return this.cached.result;
  }

  private async verify(): Promise<DependencyCheckDto> {
    try {
      await withTimeout(this.mailer.getTransporter().verify(), VERIFY_TIMEOUT_MS);
      return { status: 'up' };
    } catch (error) {
      return { status: 'down', message: `SMTP server unavailable: ${(error as Error).message}` };
    }
  }

  private logChange(result: DependencyCheckDto): DependencyCheckDto {
    if (result.status !== this.lastStatus) {
      if (result.status === 'down') {
        this.logger.warn(`${result.message}; mail waits in the outbox, the instance stays ready`);
      } else if (this.lastStatus === 'down') {
        this.logger.log('SMTP server available again');
      }
      this.lastStatus = result.status;
    }
    return result;
  }
}

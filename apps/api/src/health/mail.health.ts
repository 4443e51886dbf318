import { MailerService } from '@nestjs-modules/mailer';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

const VERIFY_TIMEOUT_MS = 3000;
const CACHE_MS = 10_000;

/**
 * Mail readiness: the SMTP server accepts a connection (and our credentials). The answer is cached briefly
 * so frequent probes from load balancers do not open an SMTP session each.
 */
@Injectable()
export class MailHealthIndicator {
  private cached?: { at: number; result: Promise<HealthIndicatorResult> };

  constructor(
    private readonly mailer: MailerService,
    private readonly health: HealthIndicatorService,
  ) {}

  check(key = 'mail'): Promise<HealthIndicatorResult> {
    if (!this.cached || Date.now() - this.cached.at > CACHE_MS) {
      this.cached = { at: Date.now(), result: this.verify(key) };
    }
    return this.cached.result;
  }

  private async verify(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${VERIFY_TIMEOUT_MS} ms`)),
        VERIFY_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([this.mailer.getTransporter().verify(), timeout]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: `SMTP server unavailable: ${(error as Error).message}` });
    } finally {
      clearTimeout(timer);
    }
  }
}

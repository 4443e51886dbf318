import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { noDevInbox } from './dev-inbox.problems';
import { SmtpCatcher } from './smtp-catcher';

/**
 * The development inbox holds every reset and confirmation link, so it is served only while the embedded
 * catcher receives the mail (production cannot run it: AppConfig requires SMTP_URL there) and only to a
 * client on this machine. The peer is the socket's own address, never X-Forwarded-For: a header is the
 * client's to write, and behind a local proxy every client would look local (docs/architecture.md).
 */
@Injectable()
export class DevInboxGuard implements CanActivate {
  constructor(private readonly catcher: SmtpCatcher) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!this.catcher.isRunning || !isLoopback(request.raw.socket.remoteAddress)) throw noDevInbox();
    return true;
  }
}

/** 127.0.0.0/8 and ::1, also as a dual-stack socket writes them (::ffff:127.0.0.1). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ipv4 = address.toLowerCase().replace(/^::ffff:/, '');
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ipv4);
}

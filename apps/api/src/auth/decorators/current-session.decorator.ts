import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { AuthenticatedSession } from '../sessions/sessions.service';

/** The session the global guard found for this request (routes that are not @Public() always have one). */
export const CurrentSession = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedSession =>
    context.switchToHttp().getRequest<{ user: AuthenticatedSession }>().user,
);

import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import {
  ADMIN_ONLY_PROBLEM,
  ApiProblems,
  UNAUTHENTICATED_PROBLEM,
} from '../../common/problem/api-problems.decorator';
import { MFA_ENROLLMENT_REQUIRED_PROBLEM } from '../mfa/mfa.problems';

export const REQUIRES_ADMIN = 'latchkey:requiresAdmin';

/**
 * Routes for administrators only, judged from the account's current role; others get 403 FORBIDDEN. With
 * ADMIN_MFA_REQUIRED an admin without TOTP or a passkey gets 403 MFA_ENROLLMENT_REQUIRED
 * (docs/architecture.md › Two-step verification). Documents both, and the bearer token; a route's own
 * @ApiProblems then names only its other statuses.
 */
export const AdminOnly = () =>
  applyDecorators(
    SetMetadata(REQUIRES_ADMIN, true),
    ApiBearerAuth(),
    ApiProblems(UNAUTHENTICATED_PROBLEM, ADMIN_ONLY_PROBLEM, MFA_ENROLLMENT_REQUIRED_PROBLEM),
  );

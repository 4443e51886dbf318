import { SetMetadata } from '@nestjs/common';

export const REQUIRES_ADMIN = 'latchkey:requiresAdmin';

/** Routes for administrators only, judged from the account's current role; others get 403 FORBIDDEN. */
export const AdminOnly = () => SetMetadata(REQUIRES_ADMIN, true);

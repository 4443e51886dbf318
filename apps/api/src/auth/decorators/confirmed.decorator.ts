import { SetMetadata } from '@nestjs/common';

export const REQUIRES_CONFIRMED = 'latchkey:requiresConfirmed';

/**
 * The product's level: email confirmed and, when the server requires approval, approved.
 * Refusals are 403 EMAIL_NOT_CONFIRMED or ACCOUNT_PENDING_APPROVAL.
 */
export const Confirmed = () => SetMetadata(REQUIRES_CONFIRMED, true);

import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'latchkey:isPublic';

/** Opens a route (or a whole controller) to guests; every other route requires a live session. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

import { MigrationInterface } from 'typeorm';
import { CreateMailOutbox1795317993041 } from './1795317993041-CreateMailOutbox';
import { CreateAccounts1795330000000 } from './1795330000000-CreateAccounts';
import { AddOneTimeTokenFailedAttempts1795340000000 } from './1795340000000-AddOneTimeTokenFailedAttempts';
import { AddLoginThrottling1795370000000 } from './1795370000000-AddLoginThrottling';
import { CreateImages1795380000000 } from './1795380000000-CreateImages';
import { SeedSampleImages1795390000000 } from './1795390000000-SeedSampleImages';
import { AddSessionLimits1795400000000 } from './1795400000000-AddSessionLimits';
import { CreateAdminEmailDemotions1795410000000 } from './1795410000000-CreateAdminEmailDemotions';
import { ExpireUnkeyedCodes1795420000000 } from './1795420000000-ExpireUnkeyedCodes';
import { AddMailCapRecentSends1795420010000 } from './1795420010000-AddMailCapRecentSends';
import { AddDeviceLockouts1795430000000 } from './1795430000000-AddDeviceLockouts';
import { AddSessionAuthentication1795500000000 } from './1795500000000-AddSessionAuthentication';
import { CreatePasskeys1795530000000 } from './1795530000000-CreatePasskeys';
import { CreateTwoStepVerification1795600000000 } from './1795600000000-CreateTwoStepVerification';
import { CreateSecurityEvents1795700000000 } from './1795700000000-CreateSecurityEvents';
import { AddLocalesAndKnownDevices1795710000000 } from './1795710000000-AddLocalesAndKnownDevices';
import { AddTableChangeNotifications1795720000000 } from './1795720000000-AddTableChangeNotifications';

/**
 * Every migration, in order. Listed explicitly (not globbed) so the same list works from TypeScript sources
 * in tests and from the compiled build. Add new migrations at the end.
 */
export const migrations: (new () => MigrationInterface)[] = [
  CreateMailOutbox1795317993041,
  CreateAccounts1795330000000,
  AddOneTimeTokenFailedAttempts1795340000000,
  AddLoginThrottling1795370000000,
  CreateImages1795380000000,
  SeedSampleImages1795390000000,
  AddSessionLimits1795400000000,
  CreateAdminEmailDemotions1795410000000,
  ExpireUnkeyedCodes1795420000000,
  AddMailCapRecentSends1795420010000,
  AddDeviceLockouts1795430000000,
  AddSessionAuthentication1795500000000,
  CreatePasskeys1795530000000,
  CreateTwoStepVerification1795600000000,
  CreateSecurityEvents1795700000000,
  AddLocalesAndKnownDevices1795710000000,
  AddTableChangeNotifications1795720000000,
];

import { EntityManager } from 'typeorm';
import { canonicalEmail, User } from '../user.entity';
import { AdminEmailDemotion } from './admin-email-demotion.entity';

/** Admins count as approved; recording the approval keeps them approved if the role is taken back later. */
export function makeAdmin(user: User): void {
  user.role = 'admin';
  user.approvedAt ??= new Date();
}

/**
 * Takes the admin role away for good as far as ADMIN_EMAILS goes: the address is recorded, so a later
 * password reset does not promote it again (UsersService.promoteAdminEmail). The caller saves the user.
 */
export async function revokeAdmin(manager: EntityManager, user: User): Promise<void> {
  user.role = 'user';
  await manager
    .createQueryBuilder()
    .insert()
    .into(AdminEmailDemotion)
    .values({ email: user.email })
    .orIgnore()
    .execute();
}

/** Whether an admin or the operator ever took the admin role from this address. */
export function wasDemoted(manager: EntityManager, email: string): Promise<boolean> {
  return manager.existsBy(AdminEmailDemotion, { email });
}

export type RoleChange = { outcome: 'unknown-email' } | { outcome: 'changed' | 'unchanged'; user: User };

/**
 * The operator's way to appoint or remove an admin (`npm run admin -- grant|revoke <email>`), needed at
 * least once to get the first admin where ADMIN_EMAILS is not used. Takes effect on the account's next request.
 */
export async function setAdminRole(
  manager: EntityManager,
  email: string,
  admin: boolean,
): Promise<RoleChange> {
  const user = await manager.findOneBy(User, { email: canonicalEmail(email) });
  if (!user) return { outcome: 'unknown-email' };
  if ((user.role === 'admin') === admin) return { outcome: 'unchanged', user };
  if (admin) makeAdmin(user);
  else await revokeAdmin(manager, user);
  return { outcome: 'changed', user: await manager.save(user) };
}

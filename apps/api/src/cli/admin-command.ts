import { DataSource, EntityManager } from 'typeorm';
import { SecurityEventRow } from '../activity/security-event.entity';
import { RoleChange, setAdminRole } from '../users/admin/admin-role';

export const ADMIN_USAGE = `Usage: npm run admin -- <command> <email>
       (in a built image: node apps/api/dist/cli/admin.js <command> <email>)

Commands:
  grant <email>    make the account an admin (admins count as approved)
  revoke <email>   take the admin role away again (the account stays approved)

Works on the database the app uses: DATABASE_URL, or else the embedded PGlite in DATA_DIR (./.data),
which only one process may open: stop the app first. Changes apply at the account's next request.`;

/** Exit codes, so scripts can tell a typo in the command line from an address nobody signed up with. */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2, unknownEmail: 3 } as const;

export type AdminCommand =
  { action: 'help' } | { action: 'invalid'; problem: string } | { action: 'grant' | 'revoke'; email: string };

export interface CommandResult {
  exitCode: number;
  /** For stdout on success, stderr otherwise. */
  message: string;
}

export function parseAdminCommand(args: readonly string[]): AdminCommand {
  const [action, email, ...extra] = args;
  if (action === undefined || ['help', '--help', '-h'].includes(action)) return { action: 'help' };
  if (action !== 'grant' && action !== 'revoke') {
    return { action: 'invalid', problem: `Unknown command "${action}".` };
  }
  if (!email?.trim()) return { action: 'invalid', problem: `"${action}" needs the account's email address.` };
  if (extra.length > 0) return { action: 'invalid', problem: `Unexpected arguments: ${extra.join(' ')}` };
  return { action, email: email.trim() };
}

export async function runAdminCommand(
  dataSource: DataSource,
  { action, email }: { action: 'grant' | 'revoke'; email: string },
): Promise<CommandResult> {
  const change = await dataSource.transaction(async (manager) => {
    const outcome = await setAdminRole(manager, email, action === 'grant');
    await recordRoleChange(manager, outcome);
    return outcome;
  });
  if (change.outcome === 'unknown-email') {
    return { exitCode: EXIT_CODES.unknownEmail, message: `No account has the email address ${email}.` };
  }
  const { user } = change;
  const changed = change.outcome === 'changed';
  let message =
    action === 'grant'
      ? `${user.email} ${changed ? 'is now' : 'is already'} an admin.`
      : `${user.email} ${changed ? 'is no longer' : 'is not'} an admin.`;
  if (action === 'grant' && user.disabledAt) {
    message += ' The account is disabled, so it cannot sign in until an admin enables it.';
  }
  return { exitCode: EXIT_CODES.ok, message };
}

/**
 * The audit row of an operator's change, in its transaction like every admin action's. The operator has no
 * account, so the row names no actor and says it came from the command line. This entry point writes the row
 * itself: the CLI runs without the app's modules and their events.
 */
async function recordRoleChange(manager: EntityManager, change: RoleChange): Promise<void> {
  if (change.outcome !== 'changed') return;
  await manager.insert(SecurityEventRow, {
    type: 'admin.role_changed',
    subjectId: change.user.id,
    details: { role: change.user.role, via: 'cli' },
  });
}

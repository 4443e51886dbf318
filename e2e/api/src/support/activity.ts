import type { ApiEndpoint } from './api-instance';
import { expectStatus } from './fixtures';

/** An item of GET /users/me/activity (AuditItem adds `subject`), as the API contract of issue 16 names it. */
export interface ActivityItem {
  id: string;
  type: string;
  occurredAt: string;
  ip: string | null;
  userAgent: string | null;
  device: string | null;
  sessionId: string | null;
  actor: { id: string | null; nickname: string | null } | null;
  details: Record<string, string | number | boolean | null>;
  subject?: { id: string | null; nickname: string | null } | null;
}

export interface ActivityPage {
  items: ActivityItem[];
  nextCursor: string | null;
}

const query = (params: Record<string, string | number | undefined>) => {
  const entries = Object.entries(params).filter(([, value]) => value !== undefined);
  const pairs = entries.map(([name, value]): [string, string] => [name, String(value)]);
  return pairs.length ? `?${new URLSearchParams(pairs).toString()}` : '';
};

export function getActivity(app: ApiEndpoint, token: string | undefined, params = {}) {
  return app.client.get<ActivityPage>(`/users/me/activity${query(params)}`, { token });
}

export function getAudit(app: ApiEndpoint, token: string | undefined, params = {}) {
  return app.client.get<ActivityPage>(`/admin/audit${query(params)}`, { token });
}

/** The signed-in account's newest events (one page of 100); expects 200. */
export async function activityOf(app: ApiEndpoint, token: string): Promise<ActivityItem[]> {
  const response = await getActivity(app, token, { limit: 100 });
  expectStatus(response, 200);
  return response.body.items;
}

/** One page of the audit log; expects 200. */
export async function auditPage(
  app: ApiEndpoint,
  token: string,
  params: Record<string, string | number | undefined> = {},
): Promise<ActivityPage> {
  const response = await getAudit(app, token, params);
  expectStatus(response, 200);
  return response.body;
}

/** Every page of a list through its cursors, with `limit` items a page. */
export async function allPages(
  fetchPage: (cursor: string | undefined) => Promise<ActivityPage>,
): Promise<{ items: ActivityItem[]; pages: number }> {
  const items: ActivityItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    pages += 1;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && pages < 1000);
  return { items, pages };
}

export const typesOf = (items: ActivityItem[]) => items.map((item) => item.type);

/** The newest event of a type in a list. */
export function newestOf(items: ActivityItem[], type: string): ActivityItem {
  const found = items.find((item) => item.type === type);
  if (!found) throw new Error(`no ${type} among ${typesOf(items).join(', ')}`);
  return found;
}

import type { DestinationStream } from 'pino';
import type { NodeEnv } from '../../config/app-config';

/**
 * Where the log goes: readable, coloured lines through pino-pretty when a developer watches the terminal
 * (NODE_ENV=development and stdout a TTY); undefined otherwise, meaning pino's JSON lines on stdout, which is
 * what a log collector, a pipe or a file wants. pino-pretty is a devDependency, loaded only here and only
 * then: a production install (`npm ci --omit=dev`) does not carry it, and an install without it logs JSON.
 * It formats in this thread and writes synchronously, so no line is lost when the process stops.
 */
export async function logDestination(
  nodeEnv: NodeEnv,
  stdout: { isTTY?: boolean } = process.stdout,
  destination?: NodeJS.WritableStream,
): Promise<DestinationStream | undefined> {
  if (nodeEnv !== 'development' || !stdout.isTTY) return undefined;
  let pretty: typeof import('pino-pretty');
  try {
    pretty = (await import('pino-pretty')).default;
  } catch {
    return undefined;
  }
  return pretty({
    colorize: destination === undefined,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context,res,responseTime',
    singleLine: true,
    messageFormat: readableMessage,
    destination,
  });
}

/** `[Context] message`, and a request line as `GET /path → 200 in 3 ms` (its id and address follow as fields). */
function readableMessage(line: Record<string, unknown>, messageKey: string): string {
  const context = typeof line.context === 'string' ? `[${line.context}] ` : '';
  const req = line.req as { method?: string; url?: string } | undefined;
  const res = line.res as { statusCode?: number } | undefined;
  if (req && res?.statusCode !== undefined && typeof line.responseTime === 'number') {
    return `${context}${req.method} ${req.url} → ${res.statusCode} in ${Math.round(line.responseTime)} ms`;
  }
  return `${context}${String(line[messageKey] ?? '')}`;
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/paths';

export const COMPOSE_FILE = join(REPO_ROOT, 'docker-compose.yml');

interface ComposeService {
  environment?: Record<string, string | number | boolean | null> | string[];
}

/**
 * The `environment` of one service of docker-compose.yml, interpolated as `docker compose` does with
 * `variables` as the shell's environment: `${NAME}`, `${NAME:-default}`, `${NAME-default}`,
 * `${NAME:?message}`, `${NAME?message}` and `$$`.
 */
export function composeEnvironment(
  service: string,
  variables: Record<string, string>,
): Record<string, string> {
  const compose = parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, ComposeService> };
  const definition = compose.services[service];
  if (!definition) throw new Error(`docker-compose.yml has no service ${service}`);
  const raw = definition.environment ?? {};
  const entries: [string, string][] = Array.isArray(raw)
    ? raw.map((line) => {
        const [name, ...value] = line.split('=');
        return [name, value.join('=')];
      })
    : Object.entries(raw).map(([name, value]) => [name, value === null ? '' : String(value)]);
  return Object.fromEntries(entries.map(([name, value]) => [name, interpolate(value, variables)]));
}

/** The host names of the compose file's services: what a URL in the environment may point at. */
export function composeServices(): string[] {
  return Object.keys(
    (parse(readFileSync(COMPOSE_FILE, 'utf8')) as { services: Record<string, unknown> }).services,
  );
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])((?:[^}])*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

function interpolate(text: string, variables: Record<string, string>): string {
  return text.replace(REFERENCE, (whole, braced, colon, operator, argument, bare) => {
    if (whole === '$$') return '$';
    const name = (braced ?? bare) as string;
    const value = variables[name];
    const missing = colon ? !value : value === undefined;
    if (operator === '-') return missing ? (argument as string) : value;
    if (operator === '?' && missing) throw new Error(`docker-compose.yml needs ${name}: ${argument}`);
    return value ?? '';
  });
}

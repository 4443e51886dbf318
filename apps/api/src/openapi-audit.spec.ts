import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the Swagger page promises testers and client developers (issue 17, item 3), checked on the committed
 * document (libs/api-client/openapi.json; `npm run openapi:check` keeps it equal to what the code produces):
 * examples for every field of every request body and JSON answer, every refusal a problem with its codes,
 * and the Authorize button on every operation that needs the access token.
 */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  example?: unknown;
  examples?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, { value: { status?: number; code?: string } }>;
}
interface Operation {
  security?: Record<string, string[]>[];
  parameters?: unknown[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes: Record<string, { type: string; scheme?: string }>;
  };
}

const document = JSON.parse(
  readFileSync(join(__dirname, '../../../libs/api-client/openapi.json'), 'utf8'),
) as Document;

/**
 * Operations that take nothing from the client (no parameters, body or token), so they can only meet the
 * request-level refusals the document's description lists for every operation.
 */
const ANSWERS_NO_PROBLEM_OF_ITS_OWN = [
  'GET /api/v1/images/home',
  'GET /api/v1/health/live',
  'GET /.well-known/jwks.json',
  'GET /.well-known/openid-configuration',
];

const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => [`${method.toUpperCase()} ${path}`, operation] as const),
);

function resolve(schema: Schema | undefined): Schema | undefined {
  return schema?.$ref ? resolve(document.components.schemas[schema.$ref.split('/').pop()!]) : schema;
}

/** Paths of leaf fields with neither an example of their own nor one on an enclosing schema. */
function fieldsWithoutExample(schema: Schema | undefined, where: string, seen = new Set<Schema>()): string[] {
  const resolved = resolve(schema);
  if (!resolved || seen.has(resolved) || resolved.example !== undefined || resolved.examples) return [];
  seen.add(resolved);
  const alternatives = resolved.allOf ?? resolved.oneOf ?? resolved.anyOf;
  if (alternatives)
    return alternatives.flatMap((alternative) => fieldsWithoutExample(alternative, where, seen));
  if (resolved.type === 'array') return fieldsWithoutExample(resolved.items, `${where}[]`, seen);
  if (resolved.properties) {
    return Object.entries(resolved.properties).flatMap(([name, property]) =>
      fieldsWithoutExample(property, `${where}.${name}`, seen),
    );
  }
  // Uploaded bytes have no example a JSON document could hold.
  if (resolved.type === 'object' || resolved.format === 'binary') return [];
  return [where];
}

function jsonContent(content: Record<string, MediaType> | undefined): MediaType | undefined {
  const entry = Object.entries(content ?? {}).find(([type]) => /json|multipart/.test(type));
  return entry?.[1];
}

describe('OpenAPI document, as the Swagger page shows it', () => {
  it('offers the bearer access token to the Authorize button', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it.each(operations)(
    '%s: examples for every request field and every field of its 2xx answers',
    (_id, operation) => {
      const missing: string[] = [];
      const body = jsonContent(operation.requestBody?.content);
      if (body && body.example === undefined && !body.examples)
        missing.push(...fieldsWithoutExample(body.schema, 'body'));
      for (const [status, response] of Object.entries(operation.responses)) {
        const answer = status.startsWith('2') ? jsonContent(response.content) : undefined;
        if (answer && answer.example === undefined && !answer.examples) {
          missing.push(...fieldsWithoutExample(answer.schema, status));
        }
      }
      expect(missing).toEqual([]);
    },
  );

  it.each(operations)('%s: every refusal is a problem with its codes', (id, operation) => {
    const refusals = Object.entries(operation.responses).filter(([status]) => /^[45]/.test(status));
    if (ANSWERS_NO_PROBLEM_OF_ITS_OWN.includes(id)) {
      expect(operation.parameters ?? []).toEqual([]);
      expect(operation.requestBody).toBeUndefined();
      expect(operation.security ?? []).toEqual([]);
      return;
    }
    expect(refusals.length).toBeGreaterThan(0);
    for (const [status, response] of refusals) {
      const examples = Object.values(response.content?.['application/problem+json']?.examples ?? {});
      expect(examples.length).toBeGreaterThan(0);
      for (const { value } of examples) {
        expect(value).toMatchObject({
          status: Number(status),
          code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
        });
      }
    }
  });

  it.each(operations.filter(([, operation]) => operation.security?.some((scheme) => 'bearer' in scheme)))(
    '%s: needs the access token, and says what happens without one',
    (_id, operation) => {
      const codes = Object.values(
        operation.responses['401']?.content?.['application/problem+json']?.examples ?? {},
      );
      expect(codes.map(({ value }) => value.code)).toContain('UNAUTHENTICATED');
    },
  );
});

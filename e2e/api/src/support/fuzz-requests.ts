import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/** The parts of an OpenAPI 3 schema that the committed document uses. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

interface OperationObject {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  security?: unknown[];
}

interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation extends OperationObject {
  method: string;
  path: string;
}

export type Auth = 'user' | 'admin' | 'none' | 'garbage';

/** One request of the fuzz: a path with its query as sent (hostile parts unencoded), and a body. */
export interface FuzzRequest {
  method: string;
  path: string;
  auth: Auth;
  body?: { text: string; contentType: string } | { form: [name: string, value: string | number[]][] };
}

const document = JSON.parse(
  readFileSync(join(REPO_ROOT, 'libs/api-client/openapi.json'), 'utf8'),
) as OpenApiDocument;

/** Every operation of the committed OpenAPI document. */
export function documentedOperations(): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      ...operation,
      method: method.toUpperCase(),
      path,
    })),
  );
}

function resolved(schema: Schema): Schema {
  return schema.$ref ? document.components.schemas[schema.$ref.split('/').pop() ?? ''] : schema;
}

/** Bodies must reach the API as text: deep nesting, 1e400 and prototype keys cannot be built as JS values. */
const DEEP_ARRAYS = `${'['.repeat(3000)}1${']'.repeat(3000)}`;
const RAW_JSON_VALUES = [
  DEEP_ARRAYS,
  `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`,
  '1e400',
  '-1e400',
  '1e-400',
  '123456789012345678901234567890',
  '384307168202282326',
  '-0',
  '{"__proto__":{"role":"admin"}}',
  '{"constructor":{"prototype":{"admin":true}}}',
];

/** Values that should be refused, never crash: wrong types, extremes, ill-formed and oversized text. */
const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    0.5,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER + 2,
    '',
    ' ',
    [],
    {},
    [1, 'two'],
    { nested: { value: 1 } },
    '\ud800',
    'someone\udc00@example.com',
    'a@example.com\ud83d',
    'x'.repeat(10_000),
    'ä'.repeat(40_000),
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '\u0000',
    'someone@example.com\r\nBcc: other@example.com',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...RAW_JSON_VALUES).map((text) => new RawJson(text)),
);

/** JSON text spliced into a body as is, where JSON.stringify would change or refuse it. */
class RawJson {
  constructor(readonly text: string) {}
}

function jsonText(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof RawJson)) return item;
    raws.push(item.text);
    return `\u0001raw${raws.length - 1}\u0001`;
  });
  return (text ?? '').replace(/"\\u0001raw(\d+)\\u0001"/g, (_match, index: string) => raws[Number(index)]);
}

/** A value that the schema allows, roughly: the API may still refuse it (unknown token, taken nickname). */
function validValue(schema: Schema): fc.Arbitrary<unknown> {
  const own = resolved(schema);
  if (own.enum) return fc.constantFrom(...own.enum);
  switch (own.type) {
    case 'string':
      return validText(own);
    case 'integer':
    case 'number':
      return fc.integer({ min: own.minimum ?? -1000, max: own.maximum ?? 1000 });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fuzzedValue(own.items ?? {}), {
        minLength: own.minItems ?? 0,
        maxLength: Math.min(own.maxItems ?? 5, 5),
      });
    case 'object':
      return fuzzedObject(own);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validText(schema: Schema): fc.Arbitrary<string> {
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
  return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 80) });
}

/** Mostly what the schema says, often something hostile in its place. */
function fuzzedValue(schema: Schema): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: validValue(schema) }, { weight: 2, arbitrary: hostileJsonValue });
}

function fuzzedObject(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [name, fuzzedValue(property)]),
  );
  const complete = fc.record(fields, { requiredKeys: schema.required ?? [] });
  const partial = fc.record(fields, { requiredKeys: [] });
  const unknown = fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), hostileJsonValue, {
    maxKeys: 2,
  });
  return fc.oneof(
    { weight: 4, arbitrary: complete },
    { weight: 1, arbitrary: partial },
    { weight: 1, arbitrary: fc.tuple(complete, unknown).map(([known, extra]) => ({ ...extra, ...known })) },
  );
}

/** Whole bodies that are not the JSON object an operation expects. */
const JSON_TYPE = 'application/json';
const hostileBody = fc.oneof(
  fc
    .constantFrom<[text: string, contentType: string]>(
      ['', JSON_TYPE],
      ['{', JSON_TYPE],
      ['{"a":1}{"b":2}', JSON_TYPE],
      ['\ufeff{}', JSON_TYPE],
      ['null', JSON_TYPE],
      [DEEP_ARRAYS, JSON_TYPE],
      ['x'.repeat(110 * 1024), JSON_TYPE],
      ['{"email":"a@example.com"}', `${JSON_TYPE}; charset=utf-16`],
      ['{}', `${JSON_TYPE}, text/html`],
      ['email=a%40example.com&email[x]=1', 'application/x-www-form-urlencoded'],
      ['<login/>', 'application/xml'],
      ['plain', 'text/plain'],
      ['--x\r\n\r\n', 'multipart/form-data'],
    )
    .map(([text, contentType]) => ({ text, contentType })),
  hostileJsonValue.map((value) => ({ text: jsonText(value), contentType: JSON_TYPE })),
);

function bodyFor(operation: Operation): fc.Arbitrary<FuzzRequest['body']> {
  const content = operation.requestBody?.content ?? {};
  const json = content[JSON_TYPE];
  const multipart = content['multipart/form-data'];
  const options: fc.Arbitrary<FuzzRequest['body']>[] = [hostileBody, fc.constant(undefined)];
  if (json) {
    const valid = fuzzedValue(json.schema).map((value) => ({
      text: jsonText(value),
      contentType: JSON_TYPE,
    }));
    options.push(valid, valid, valid);
  }
  if (multipart) options.push(formFor(resolved(multipart.schema)), formFor(resolved(multipart.schema)));
  return fc.oneof(...options);
}

function formFor(schema: Schema): fc.Arbitrary<FuzzRequest['body']> {
  const fields = Object.entries(schema.properties ?? {}).map(([name, property]) =>
    property.format === 'binary'
      ? fc.option(
          fc.uint8Array({ maxLength: 2048 }).map((bytes): [string, number[]] => [name, [...bytes]]),
          { nil: undefined },
        )
      : fc.option(
          fc
            .oneof(validText(property), fc.string({ unit: 'binary', maxLength: 600 }))
            .map((text): [string, string] => [name, text]),
          { nil: undefined },
        ),
  );
  return fc.tuple(...fields).map((entries) => ({ form: entries.filter((entry) => entry !== undefined) }));
}

/** Path segments and query values that a URL may carry but no handler should choke on (sent unencoded). */
const hostileUrlText = fc.constantFrom(
  '%zz',
  '%',
  '%E0%A4%A',
  '%ED%A0%80',
  '%00',
  '%2F',
  '%F0%9F%98%80',
  'a'.repeat(101),
  'b'.repeat(3000),
  '1e308',
  '384307168202282326',
  '-1',
  '0',
  '1.5',
  '0x10',
  'NaN',
  'Infinity',
  'null',
  '',
);

/** Ids are strings in the document; a UUID is what reaches past their parsing. */
function urlValue(schema: Schema): fc.Arbitrary<string> {
  const own = resolved(schema);
  const valid = own.type === 'string' && !own.enum ? fc.uuid() : validValue(own);
  const encoded = valid.map((value) => encodeURIComponent(String(value)));
  return fc.oneof({ weight: 2, arbitrary: encoded }, { weight: 1, arbitrary: hostileUrlText });
}

function pathFor(operation: Operation): fc.Arbitrary<string> {
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
  const schemaOf = (name: string) => operation.parameters?.find((p) => p.name === name)?.schema ?? {};
  return fc
    .tuple(...names.map((name) => urlValue(schemaOf(name))))
    .map((values) =>
      names.reduce((path, name, index) => path.replace(`{${name}}`, values[index]), operation.path),
    );
}

function queryFor(operation: Operation): fc.Arbitrary<string> {
  const documented = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
  const pairs = documented.map((parameter) =>
    fc.option(
      urlValue(parameter.schema).map((value) => `${parameter.name}=${value}`),
      { nil: undefined },
    ),
  );
  const extra = fc.option(
    fc
      .tuple(fc.constantFrom('page', 'pageSize', 'x', 'a[b]', '__proto__'), hostileUrlText)
      .map(([name, value]) => `${name}=${value}`),
    { nil: undefined, freq: 3 },
  );
  return fc.tuple(extra, ...pairs).map((parts) => {
    const query = parts.filter((part) => part !== undefined).join('&');
    return query ? `?${query}` : '';
  });
}

function authFor(operation: Operation): fc.Arbitrary<Auth> {
  if (!operation.security?.length) return fc.constantFrom<Auth>('none', 'none', 'user', 'garbage');
  return fc.constantFrom<Auth>('user', 'user', 'user', 'user', 'admin', 'admin', 'none', 'garbage');
}

/** Requests for one operation: from its schema, with hostile values mixed into every part. */
export function requestsFor(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const canHaveBody = operation.method !== 'GET' && operation.method !== 'HEAD';
  return fc
    .record({
      method: fc.constant(operation.method),
      path: fc.tuple(pathFor(operation), queryFor(operation)).map(([path, query]) => path + query),
      auth: authFor(operation),
      body: canHaveBody ? bodyFor(operation) : fc.constant(undefined),
    })
    .map((request) => Object.assign(request, { [fc.toStringMethod]: () => describeRequest(request) }));
}

/** One line that identifies a request in a failure, long texts (deep JSON) cut short. */
export function describeRequest({ method, path, auth, body }: FuzzRequest): string {
  const cut = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text);
  const sent =
    body === undefined
      ? 'no body'
      : 'form' in body
        ? `a form with ${body.form.map(([name]) => name).join(', ') || 'no fields'}`
        : `${body.contentType} ${JSON.stringify(cut(body.text))}`;
  return `${method} ${cut(path)} as ${auth} with ${sent}`;
}

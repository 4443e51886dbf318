import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { REFRESH_COOKIE, SECURE_REFRESH_COOKIE } from './auth/sessions/refresh-cookie';
import { ILL_FORMED_TEXT_ERROR, REQUEST_PROBLEMS } from './common/http/http.problems';
import { METRICS_AUTH } from './metrics/metrics.controller';
import { PERSONA_DOMAIN, PERSONAS } from './users/personas/personas.service';

export const DOCS_PATH = 'api/docs';
export const SPEC_PATH = 'api/docs/openapi.json';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Latchkey API')
    .setDescription(
      'Accounts for your product: sign-up, email confirmation, login with rotating refresh tokens, profile. ' +
        'Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`.\n\n' +
        requestProblemsText() +
        '\n\n' +
        developmentKitText(),
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'The server’s METRICS_TOKEN.' },
      METRICS_AUTH,
    )
    .addCookieAuth(
      REFRESH_COOKIE,
      { type: 'apiKey', description: `Named \`${SECURE_REFRESH_COOKIE}\` when PUBLIC_URL is https.` },
      REFRESH_COOKIE,
    )
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** The refusals any operation may answer, which no operation lists as its own. */
function requestProblemsText(): string {
  const lines = REQUEST_PROBLEMS.map(([status, code, detail]) => `- ${status} \`${code}\`: ${detail}`);
  lines.push(
    `- 400 \`VALIDATION_FAILED\` with the field's code \`${ILL_FORMED_TEXT_ERROR.code}\`: ` +
      `${ILL_FORMED_TEXT_ERROR.message}`,
  );
  return `Any operation may refuse the request itself:\n${lines.join('\n')}`;
}

/** What testers and client developers get on a development server (issue 17). */
function developmentKitText(): string {
  const personas = PERSONAS.map(({ kind }) => `\`${kind}@${PERSONA_DOMAIN}\``).join(', ');
  return (
    'On a development server:\n' +
    `- \`npm run seed -- personas\` creates one account per state (${personas}: confirmed, unconfirmed, ` +
    'pending approval, disabled, admin) and prints their passwords; running it again resets them. ' +
    'Refused when NODE_ENV=production.\n' +
    '- While SMTP_URL is unset, the mail the server sends is caught: `GET /dev/mail/messages` (from the ' +
    'server’s own machine only, outside `/api/v1`) lists it as JSON, newest first, each message with its ' +
    '`links`; `?to=` keeps one address, `?limit=` the newest few. `/dev/mail` shows it as a page.\n' +
    '- Authorize: sign in with `POST /auth/login`, then paste its `accessToken` into the Authorize dialog ' +
    '(bearer); it stays across reloads of this page.'
  );
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: SPEC_PATH,
    yamlDocumentUrl: 'api/docs/openapi.yaml',
    swaggerOptions: { persistAuthorization: true },
    customSiteTitle: 'Latchkey API',
  });
}

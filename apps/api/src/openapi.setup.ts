import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { REFRESH_COOKIE, SECURE_REFRESH_COOKIE } from './auth/sessions/refresh-cookie';
import { ILL_FORMED_TEXT_ERROR, REQUEST_PROBLEMS } from './common/http/http.problems';
import { METRICS_AUTH } from './metrics/metrics.controller';

export const DOCS_PATH = 'api/docs';
export const SPEC_PATH = 'api/docs/openapi.json';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Latchkey API')
    .setDescription(
      'Accounts for your product: sign-up, email confirmation, login with rotating refresh tokens, profile. ' +
        'Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`.\n\n' +
        requestProblemsText(),
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

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: SPEC_PATH,
    yamlDocumentUrl: 'api/docs/openapi.yaml',
    swaggerOptions: { persistAuthorization: true },
    customSiteTitle: 'Latchkey API',
  });
}

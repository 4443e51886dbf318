import { Controller, Get, Header, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../../config/app-config';
import { publicJwk } from '../../config/signing-keys';
import { Public } from '../decorators/public.decorator';
import { DiscoveryDto, JwksDto } from './well-known.dto';

/** At the origin's root (RFC 8615), outside the versioned API: where verifiers look for them. */
export const WELL_KNOWN_PATH = '.well-known';
export const JWKS_PATH = `${WELL_KNOWN_PATH}/jwks.json`;
export const DISCOVERY_PATH = `${WELL_KNOWN_PATH}/openid-configuration`;

/**
 * A verifier fetches the key set again when a token names a `kid` it has not seen, so the cache lifetime
 * bounds only how long a dropped key stays trusted elsewhere, not how soon a new key works.
 */
const KEYS_MAX_AGE_SECONDS = 300;

@ApiTags('tokens')
@Public()
@Controller({ path: WELL_KNOWN_PATH, version: VERSION_NEUTRAL })
export class WellKnownController {
  private readonly jwks: JwksDto;
  private readonly discovery: DiscoveryDto;

  constructor(config: AppConfig) {
    const { current, previous } = config.signingKeys;
    this.jwks = { keys: [current, ...previous].map((key) => publicJwk(key)) };
    this.discovery = { issuer: config.publicUrl, jwks_uri: `${config.publicUrl}/${JWKS_PATH}` };
  }

  @Get('jwks.json')
  @Header('cache-control', `public, max-age=${KEYS_MAX_AGE_SECONDS}`)
  @ApiOperation({
    summary: 'The public keys that verify access tokens (JWK Set)',
    description:
      'Served at `/.well-known/jwks.json`, outside `/api/v1`. Access tokens are ES256 JWTs whose `kid` ' +
      'names one of these keys; after a key rotation the previous key stays here until its last token ' +
      'has expired.',
  })
  @ApiResponse({ status: 200, type: JwksDto })
  keys(): JwksDto {
    return this.jwks;
  }

  @Get('openid-configuration')
  @Header('cache-control', `public, max-age=${KEYS_MAX_AGE_SECONDS}`)
  @ApiOperation({
    summary: 'Where the token issuer publishes its keys (discovery document)',
    description:
      'Served at `/.well-known/openid-configuration`, outside `/api/v1`: `issuer` is the `iss` of ' +
      'access tokens and `jwks_uri` the key set that verifies them.',
  })
  @ApiResponse({ status: 200, type: DiscoveryDto })
  configuration(): DiscoveryDto {
    return this.discovery;
  }
}

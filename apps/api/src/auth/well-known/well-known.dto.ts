import { ApiProperty } from '@nestjs/swagger';
import type { PublicJwk } from '../../config/signing-keys';

export class PublicJwkDto implements PublicJwk {
  @ApiProperty({ enum: ['EC'], example: 'EC' })
  kty: string;

  @ApiProperty({ enum: ['P-256'], example: 'P-256' })
  crv: string;

  @ApiProperty({ example: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU' })
  x: string;

  @ApiProperty({ example: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' })
  y: string;

  @ApiProperty({
    description: 'Names the key in the `kid` header of the tokens it signed (its RFC 7638 thumbprint).',
    example: 'Qm2v8rF0m1d6cK4Y9l3A0x1Hq9T0m7yq5G2b1dR3Zx0',
  })
  kid: string;

  @ApiProperty({ enum: ['sig'], example: 'sig' })
  use: string;

  @ApiProperty({ enum: ['ES256'], example: 'ES256' })
  alg: string;
}

export class JwksDto {
  @ApiProperty({
    type: [PublicJwkDto],
    description: 'The key that signs now first, then earlier keys whose tokens may not have expired yet.',
  })
  keys: PublicJwkDto[];
}

export class DiscoveryDto {
  @ApiProperty({
    description: 'The `iss` of every access token (PUBLIC_URL).',
    example: 'https://id.example.com',
  })
  issuer: string;

  @ApiProperty({ example: 'https://id.example.com/.well-known/jwks.json' })
  jwks_uri: string;
}

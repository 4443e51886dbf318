import { IntersectionType } from '@nestjs/swagger';
import { IsAccountEmail } from '../dto/account-email.decorator';
import { SignInOptionsDto } from '../dto/login.dto';
import { MailedProofDto } from '../dto/mailed-proof.dto';
import { IsCodeChallenge, IsCodeVerifier } from './pkce';

export class RequestMagicLinkDto {
  @IsAccountEmail({ purpose: 'The account to sign in to.' })
  email: string;

  @IsCodeChallenge()
  codeChallenge: string;
}

/** The link's token, or the address and the mail's code, with the verifier of the challenge that asked. */
export class VerifyMagicLinkDto extends IntersectionType(MailedProofDto, SignInOptionsDto) {
  @IsCodeVerifier()
  codeVerifier: string;
}

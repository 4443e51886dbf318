import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { MailTemplateData, MailTemplateName } from './mail.types';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** Thrown for mail that can never be rendered (unknown template, missing value): retrying cannot help. */
export class MailRenderError extends Error {}

/** One subject per template; typed so that adding a template name without a subject fails to compile. */
const SUBJECTS: { [T in MailTemplateName]: (productName: string) => string } = {
  'confirm-email': (product) => `Confirm your email address for ${product}`,
  'email-already-registered': (product) => `Someone tried to sign up to ${product} with your address`,
  'account-approved': (product) => `Your ${product} account is approved`,
  'email-change-new': (product) => `Confirm your new email address for ${product}`,
  'email-change-old': (product) => `Your ${product} email address is about to change`,
  'email-change-taken': (product) => `Someone tried to move a ${product} account to your address`,
  'account-deleted': (product) => `Your ${product} account has been deleted`,
  'reset-password': (product) => `Reset your ${product} password`,
  'password-changed': (product) => `Your ${product} password was changed`,
  'reauth-code': (product) => `Your ${product} confirmation code`,
  'passkey-added': (product) => `A passkey was added to your ${product} account`,
  'passkey-removed': (product) => `A passkey was removed from your ${product} account`,
  'passkey-counter-regression': (product) => `A sign-in with one of your ${product} passkeys was refused`,
  'magic-link': (product) => `Your ${product} sign-in link`,
  'passwordless-signup': (product) => `Confirm your email address and sign in to ${product}`,
  'mfa-enabled': (product) => `Two-step verification is on for your ${product} account`,
  'mfa-disabled': (product) => `Two-step verification is off for your ${product} account`,
  'recovery-codes-replaced': (product) => `New recovery codes for your ${product} account`,
  'recovery-code-used': (product) => `A recovery code signed in to your ${product} account`,
};

type Render = (context: object) => string;

interface CompiledTemplate {
  html: Render;
  text: Render;
}

/**
 * Turns a template name and its values into subject, HTML and text. Templates are compiled once at start;
 * HTML output escapes every `{{value}}`, text output is left as typed (it is never interpreted as markup).
 */
@Injectable()
export class MailRenderer {
  private readonly templatesDir = join(__dirname, 'templates');
  private readonly handlebars = Handlebars.create();
  private readonly layout: Render;
  private readonly templates = new Map<string, CompiledTemplate>();

  constructor(private readonly config: AppConfig) {
    this.layout = this.compile('layout.html.hbs', false);
    for (const name of Object.keys(SUBJECTS)) {
      this.templates.set(name, {
        html: this.compile(`${name}.html.hbs`, false),
        text: this.compile(`${name}.text.hbs`, true),
      });
    }
  }

  /** `template` is a plain string because rows read back from the outbox are not type-checked. */
  render<T extends MailTemplateName>(
    template: T | string,
    data: MailTemplateData[T] | Record<string, unknown>,
  ): RenderedMail {
    const compiled = this.templates.get(template);
    if (!compiled) throw new MailRenderError(`no mail template named "${template}"`);
    const subject = SUBJECTS[template as MailTemplateName](this.config.productName);
    const context = {
      ...data,
      productName: this.config.productName,
      publicUrl: this.config.publicUrl,
      subject,
    };
    try {
      return {
        subject,
        html: this.layout({ ...context, body: compiled.html(context) }),
        text: compiled.text(context),
      };
    } catch (error) {
      throw new MailRenderError(`mail template "${template}" failed: ${(error as Error).message}`);
    }
  }

  private compile(file: string, isText: boolean): Render {
    const source = readFileSync(join(this.templatesDir, file), 'utf8');
    // Strict mode: a value missing from the data throws instead of silently rendering a broken link.
    return this.handlebars.compile(source, { strict: true, noEscape: isText });
  }
}

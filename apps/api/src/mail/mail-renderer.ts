import { Injectable } from '@nestjs/common';
import Handlebars, { HelperOptions } from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LOCALE, Locale } from '../common/locale/locale';
import { AppConfig } from '../config/app-config';
import { Catalogue, catalogueLocale, interpolate, loadCatalogues } from './mail-catalogue';
import { MAIL_TEMPLATE_NAMES, MailTemplateData, MailTemplateName } from './mail.types';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** Thrown for mail that can never be rendered (unknown template, missing value): retrying cannot help. */
export class MailRenderError extends Error {}

type Render = (context: object) => string;

interface CompiledTemplate {
  html: Render;
  text: Render;
}

/** What every template sees besides its own data. */
interface RootContext extends Record<string, unknown> {
  locale: Locale;
}

const BUTTON_STYLE =
  'padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;color:#ffffff;';

/** The catalogue group of a template: `confirm-email` → `confirmEmail` (its subject is `confirmEmail.subject`). */
export function catalogueGroup(template: string): string {
  return template.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Turns a template name, its values and a language into subject, HTML and text. Templates are compiled once at
 * start; their words come from one catalogue per language (locales/<locale>.json) through `{{t "key"}}`, whose
 * `{name}` placeholders take the template's values or the helper's own arguments. HTML output escapes the
 * message and every value (links made by `link` stay links); text output is left as typed.
 */
@Injectable()
export class MailRenderer {
  private readonly templatesDir = join(__dirname, 'templates');
  private readonly catalogues = loadCatalogues();
  private readonly htmlBars = Handlebars.create();
  private readonly textBars = Handlebars.create();
  private readonly layout: Render;
  private readonly templates = new Map<string, CompiledTemplate>();

  constructor(private readonly config: AppConfig) {
    this.registerHelpers();
    this.layout = this.compile('layout.html.hbs', this.htmlBars);
    for (const name of MAIL_TEMPLATE_NAMES) {
      this.templates.set(name, {
        html: this.compile(`${name}.html.hbs`, this.htmlBars),
        text: this.compile(`${name}.text.hbs`, this.textBars),
      });
    }
  }

  /** `template` and `locale` are plain strings because rows read back from the outbox are not type-checked. */
  render<T extends MailTemplateName>(
    template: T | string,
    data: MailTemplateData[T] | Record<string, unknown>,
    locale: Locale | string = DEFAULT_LOCALE,
  ): RenderedMail {
    const compiled = this.templates.get(template);
    if (!compiled) throw new MailRenderError(`no mail template named "${template}"`);
    try {
      const root: RootContext = {
        ...data,
        productName: this.config.productName,
        publicUrl: this.config.publicUrl,
        locale: catalogueLocale(locale),
      };
      const subject = this.translate(root, `${catalogueGroup(template)}.subject`, {}, false);
      const context = { ...root, subject };
      return {
        subject,
        html: this.layout({ ...context, body: compiled.html(context) }),
        text: compiled.text(context),
      };
    } catch (error) {
      throw new MailRenderError(`mail template "${template}" failed: ${(error as Error).message}`);
    }
  }

  private registerHelpers(): void {
    const t =
      (html: boolean) =>
      (key: unknown, options: HelperOptions): string | Handlebars.SafeString => {
        const text = this.translate(options.data.root as RootContext, String(key), options.hash, html);
        return html ? new Handlebars.SafeString(text) : text;
      };
    this.htmlBars.registerHelper('t', t(true));
    this.textBars.registerHelper('t', t(false));
    this.htmlBars.registerHelper('link', (url: unknown, label: unknown, options: HelperOptions) => {
      const style = options.hash.style ? ` style="${escape(options.hash.style)}"` : '';
      return safe(`<a href="${escape(url)}"${style}>${escape(label)}</a>`);
    });
    this.htmlBars.registerHelper('strong', (value: unknown) => safe(`<strong>${escape(value)}</strong>`));
    this.htmlBars.registerHelper('button', (url: unknown, label: unknown, options: HelperOptions) => {
      const colour = options.hash.danger ? '#cf222e' : '#0969da';
      return safe(
        `<p style="margin:24px 0;"><a href="${escape(url)}" style="background:${colour};${BUTTON_STYLE}">` +
          `${escape(label)}</a></p>`,
      );
    });
  }

  /** The message under `key` in the mail's language, its placeholders filled from `args`, then the data. */
  private translate(root: RootContext, key: string, args: Record<string, unknown>, html: boolean): string {
    const message = this.catalogue(root.locale).get(key);
    if (message === undefined) throw new Error(`no message "${key}" in the ${root.locale} mail catalogue`);
    return interpolate(
      message,
      (name) => (name in args ? args[name] : root[name]),
      html ? (text) => Handlebars.escapeExpression(text) : (text) => text,
      html ? escape : String,
    );
  }

  private catalogue(locale: Locale): Catalogue {
    return this.catalogues[locale];
  }

  private compile(file: string, bars: typeof Handlebars): Render {
    const source = readFileSync(join(this.templatesDir, file), 'utf8');
    // Strict mode: a value missing from the data throws instead of silently rendering a broken link.
    return bars.compile(source, { strict: true, noEscape: bars === this.textBars });
  }
}

/** A value for HTML: escaped, unless a helper already made it markup. */
function escape(value: unknown): string {
  return value instanceof Handlebars.SafeString
    ? value.toString()
    : Handlebars.escapeExpression(String(value));
}

function safe(html: string): Handlebars.SafeString {
  return new Handlebars.SafeString(html);
}

import type { LanguageRendering } from '../../templates/domain/render-template.js';
import type { RenderedTemplate } from '../../templates/templates.service.js';

/** Per language, every channel's rendering as it was when the alert was drafted (see docs/TEMPLATES.md). */
export type AlertRenderings = Record<string, LanguageRendering>;

/** The content columns of an alert draft: what it says, and where that came from. */
export interface DraftContent {
  headline: string;
  event: string;
  texts: Record<string, string>;
  renderings: AlertRenderings | null;
  templateId: string | null;
  templateVersion: number | null;
  templateVariables: Record<string, unknown> | null;
}

export interface ContentOverrides {
  headline?: string;
  event?: string;
  texts?: Record<string, string>;
}

const HEADLINE_MAX = 160;
const EVENT_MAX = 100;

/**
 * An alert's content from a template rendering. The text sent per language is the template's `long`
 * text (the SMS and WEA long text: a complete message that fits a phone screen); the headline and event
 * are those of the default language. A language given in `overrides.texts` replaces the rendered one,
 * and its rendering is left out of the record, since it is no longer what goes out.
 */
export function contentFromTemplate(rendered: RenderedTemplate, variables: Record<string, unknown>, overrides: ContentOverrides = {}): DraftContent {
  const languages = Object.keys(rendered.languages);
  const main = rendered.languages[rendered.defaultLanguage] ?? rendered.languages[languages[0]!]!;
  const replaced = new Set(Object.keys(overrides.texts ?? {}));
  const renderings = Object.fromEntries(Object.entries(rendered.languages).filter(([language]) => !replaced.has(language)));
  const texts = { ...Object.fromEntries(Object.entries(renderings).map(([language, rendering]) => [language, rendering.texts.long ?? rendering.sms.text])), ...overrides.texts };
  return {
    headline: overrides.headline ?? clip(main.cap.headline || main.cap.event, HEADLINE_MAX),
    event: overrides.event ?? clip(main.cap.event, EVENT_MAX),
    texts,
    renderings: Object.keys(renderings).length > 0 ? renderings : null,
    templateId: rendered.templateId,
    templateVersion: rendered.version,
    templateVariables: variables,
  };
}

/** Cuts at a character (not inside a surrogate pair), with an ellipsis. */
function clip(text: string, max: number): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../../common/domain-error.js';
import { TemplatesService } from '../../templates/templates.service.js';
import { validateTexts } from '../alert-texts.js';
import type { AlertTemplateDto } from '../dto/create-alert.dto.js';
import { contentFromTemplate, type DraftContent } from './alert-template.js';

export interface ContentInput {
  headline?: string;
  event?: string;
  texts?: Record<string, string>;
  template?: AlertTemplateDto;
}

class ContentRequiredError extends InvalidInputError {
  constructor(missing: string[]) {
    super('alert.content_required', `An alert needs texts with a headline and an event, or a template: ${missing.join(', ')} missing.`, { missing });
  }
}

/**
 * The content of a draft from what the operator gave: a template rendered for every language it has
 * (or those asked), explicit texts, or both; for an Update, what is not given is the earlier alert's.
 * Template errors (unknown template or version, bad variables) surface as the templates module throws them.
 */
@Injectable()
export class AlertDrafting {
  constructor(private readonly templates: TemplatesService) {}

  async compose(input: ContentInput, earlier?: DraftContent): Promise<DraftContent> {
    const content = input.template ? await this.fromTemplate(input, input.template) : this.fromTexts(input, earlier);
    return { ...content, texts: validateTexts(content.texts) };
  }

  private async fromTemplate(input: ContentInput, template: AlertTemplateDto): Promise<DraftContent> {
    const rendered = await this.templates.render(template.id, template.version, template.variables, template.languages);
    return contentFromTemplate(rendered, template.variables, { headline: input.headline, event: input.event, texts: input.texts });
  }

  private fromTexts(input: ContentInput, earlier: DraftContent | undefined): DraftContent {
    if (earlier && input.texts === undefined) {
      return { ...earlier, headline: input.headline ?? earlier.headline, event: input.event ?? earlier.event };
    }
    const headline = input.headline ?? earlier?.headline;
    const event = input.event ?? earlier?.event;
    const missing = [input.texts === undefined ? 'texts (or template)' : '', headline === undefined ? 'headline' : '', event === undefined ? 'event' : ''].filter(Boolean);
    if (missing.length > 0 || input.texts === undefined || headline === undefined || event === undefined) throw new ContentRequiredError(missing);
    return { headline, event, texts: input.texts, renderings: null, templateId: null, templateVersion: null, templateVariables: null };
  }
}

import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { compileTemplate } from './domain/template-definition.js';
import { STARTER_TEMPLATES } from './starter/index.js';
import { TemplatesRepository } from './templates.repository.js';

/**
 * Adds the starter templates at start-up when their key is free: idempotent, safe with several
 * processes, and it never overwrites a starter an agency has edited (edits are new versions).
 * Seeding is not an operator action, so it is logged, not audited; its versions have no author.
 */
@Injectable()
export class StarterTemplatesSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Templates');

  constructor(private readonly repository: TemplatesRepository) {}

  async onApplicationBootstrap() {
    const added: string[] = [];
    for (const starter of STARTER_TEMPLATES) {
      const { definition } = compileTemplate(starter.definition);
      if (await this.repository.insertStarter(starter.key, definition)) added.push(starter.key);
    }
    if (added.length > 0) this.logger.log(`Starter templates added: ${added.join(', ')}`);
  }
}

import { Module } from '@nestjs/common';
import { PartnerDeliveries } from './partner-deliveries.js';
import { PartnersController } from './partners.controller.js';
import { PartnersRepository } from './partners.repository.js';
import { PartnersService } from './partners.service.js';

/**
 * Partner systems that receive every dispatched alert by webhook. Alerts use PartnerDeliveries to
 * add their deliveries to a run; the webhook adapter reads payloads through PartnerPayloads, bound in
 * ChannelsModule.
 */
@Module({
  controllers: [PartnersController],
  providers: [PartnersRepository, PartnersService, PartnerDeliveries],
  exports: [PartnerDeliveries],
})
export class PartnersModule {}

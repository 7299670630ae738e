import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator.js';
import { SimulatorInboundDto } from './dto/simulator-inbound.dto.js';
import { SimulatorProfileDto } from './dto/simulator-profile.dto.js';
import type { SimulatorProfile } from './simulator-profile.js';
import { WhatsAppSimulator } from './whatsapp-simulator.js';
import { configureProfile } from './configure-profile.js';

/** The WhatsApp phone number ids the simulator serves (the first one receives simulated inbound messages). */
export const SIMULATOR_SENDERS = Symbol('SIMULATOR_SENDERS');

/** The built-in provider simulator: the Graph API messages endpoint plus inspection routes for tests. */
@ApiExcludeController()
@Controller('simulator')
export class SimulatorController {
  constructor(
    private readonly simulator: WhatsAppSimulator,
    @Inject(SIMULATOR_SENDERS) private readonly senders: readonly string[],
  ) {}

  /** Same path, headers and bodies as `POST https://graph.facebook.com/{version}/{phone-number-id}/messages`. */
  @Public()
  @Post('whatsapp/:version/:phoneNumberId/messages')
  async send(
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers('authorization') authorization: string | undefined,
    @Headers('x-beacon-slot-at') slotAt: string | undefined,
    @Body() body: unknown,
    @Res() response: Response,
  ): Promise<void> {
    const clientGone = new AbortController();
    response.on('close', () => clientGone.abort());
    const slot = Number(slotAt);
    const reply = await this.simulator.handleSend({ authorization, phoneNumberId, body, signal: clientGone.signal, ...(slotAt && Number.isFinite(slot) ? { slotAt: slot } : {}) });
    if (response.destroyed) return;
    response.status(reply.status).json(reply.body);
  }

  @Public()
  @Get('messages')
  messages() {
    const messages = this.simulator.messages().map((message) => ({
      id: message.id,
      type: message.type,
      to: message.to,
      text: message.text,
      language: message.language,
      templateName: message.templateName,
      phoneNumberId: message.phoneNumberId,
      callbackData: message.callbackData,
      receivedAt: message.receivedAt.toISOString(),
      slotAt: message.slotAt,
    }));
    return { messages, total: this.simulator.total() };
  }

  /** A simulated person writes to Beacon: the signed inbound webhook is posted before this answers. */
  @Public()
  @Post('whatsapp/inbound')
  @HttpCode(200)
  inbound(@Body() body: SimulatorInboundDto) {
    const phoneNumberId = body.phoneNumberId ?? this.senders[0] ?? '100000000000001';
    return this.simulator.sendInbound({
      from: body.from.replace('+', ''),
      phoneNumberId,
      ...(body.text === undefined ? {} : { text: body.text }),
      ...(body.button === undefined ? {} : { button: { text: body.button.text, payload: body.button.payload } }),
      ...(body.location === undefined ? {} : { location: { ...body.location } }),
      ...(body.replyTo === undefined ? {} : { replyTo: body.replyTo }),
    });
  }

  @Public()
  @Delete('messages')
  reset() {
    return { cleared: this.simulator.reset() };
  }

  @Public()
  @Get('profile')
  profile(): SimulatorProfile {
    return this.simulator.profile();
  }

  @Public()
  @Put('profile')
  configure(@Body() changes: SimulatorProfileDto): SimulatorProfile {
    return configureProfile(this.simulator, changes);
  }

  /** Waits until every status webhook scheduled so far has been posted. */
  @Public()
  @Post('drain')
  @HttpCode(200)
  async drain() {
    await this.simulator.drain();
    return { webhooks: this.simulator.webhookStats() };
  }
}

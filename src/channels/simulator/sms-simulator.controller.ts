import { Body, Controller, Delete, Get, Headers, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Response } from 'express';
import { Public } from '../../auth/public.decorator.js';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import { SimulatorProfileDto } from './dto/simulator-profile.dto.js';
import type { SimulatorProfile } from './simulator-profile.js';
import { SmsSimulator } from './sms-simulator.js';
import { configureProfile } from './configure-profile.js';

export class SmsInboundDto {
  @Matches(/^\+[1-9]\d{6,14}$/) from!: string;
  /** The Beacon number written to; the first configured sender when left out. */
  @IsOptional() @IsString() @MaxLength(20) to?: string;
  @IsString() @MaxLength(1600) body!: string;
}

/** The built-in SMS provider: the Twilio Messages endpoint plus inspection routes for tests. */
@ApiExcludeController()
@Controller('simulator/sms')
export class SmsSimulatorController {
  constructor(
    private readonly simulator: SmsSimulator,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  /** Same path, auth and form body as `POST https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Messages.json`. */
  @Public()
  @Post('2010-04-01/Accounts/:accountSid/Messages.json')
  async send(@Param('accountSid') accountSid: string, @Headers('authorization') authorization: string | undefined, @Body() form: unknown, @Res() response: Response) {
    const reply = await this.simulator.handleSend({ authorization, accountSid, form });
    if (!response.destroyed) response.status(reply.status).json(reply.body);
  }

  @Public()
  @Get('messages')
  messages() {
    const messages = this.simulator.messages().map((m) => ({ ...m, receivedAt: m.receivedAt.toISOString() }));
    return { messages, total: this.simulator.total() };
  }

  @Public()
  @Delete('messages')
  reset() {
    return { cleared: this.simulator.reset() };
  }

  @Public()
  @Post('inbound')
  @HttpCode(200)
  inbound(@Body() body: SmsInboundDto) {
    return this.simulator.sendInbound({ from: body.from, to: body.to ?? this.config.sms.senders[0] ?? '+15005550006', body: body.body });
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

  @Public()
  @Post('drain')
  @HttpCode(200)
  async drain() {
    await this.simulator.drain();
    return { webhooks: this.simulator.webhookStats() };
  }
}

import { Controller, Headers, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/public.decorator.js';
import { TWILIO_SIGNATURE_HEADER, type FormParams } from '../../channels/sms/twilio-signature.js';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator.js';
import { SelfUrl } from '../../common/self-url.js';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import { SmsReceiptsService } from './sms-receipts.service.js';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** The SMS provider calls these; they prove themselves by `X-Twilio-Signature`, not by API key. */
@ApiExcludeController()
@Controller('webhooks/sms')
export class SmsWebhookController {
  constructor(
    private readonly receipts: SmsReceiptsService,
    private readonly selfUrl: SelfUrl,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  @Public()
  @RateLimit('webhook', 'failures')
  @Post('status')
  @HttpCode(200)
  status(@Req() request: Request, @Query('d') delivery: unknown, @Headers(TWILIO_SIGNATURE_HEADER) signature?: string) {
    return this.receipts.status(this.form(request, signature), delivery);
  }

  /** Incoming texts (STOP, SAFE, HELP, ...); answered with empty TwiML: the acknowledgement goes out on its own. */
  @Public()
  @RateLimit('webhook', 'failures')
  @Post('inbound')
  @HttpCode(200)
  async inbound(@Req() request: Request, @Res({ passthrough: true }) response: Response, @Headers(TWILIO_SIGNATURE_HEADER) signature?: string): Promise<string> {
    await this.receipts.message(this.form(request, signature));
    response.type('text/xml');
    return EMPTY_TWIML;
  }

  private form(request: Request, signature: string | undefined) {
    const params = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as FormParams;
    return { url: `${this.config.sms.callbackBaseUrl ?? this.selfUrl.get()}${request.originalUrl}`, params, signature };
  }
}

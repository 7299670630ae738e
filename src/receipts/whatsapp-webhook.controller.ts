import { Controller, Get, Headers, HttpCode, Post, Query, type RawBodyRequest, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator.js';
import { SIGNATURE_HEADER } from '../channels/whatsapp/graph-api.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';
import { WhatsAppReceiptsService, type WebhookResult } from './whatsapp-receipts.service.js';

/** Meta calls these; they prove themselves by verify token (GET) and body signature (POST), not by API key. */
@ApiTags('webhooks')
@Controller('webhooks/whatsapp')
export class WhatsAppWebhookController {
  constructor(private readonly receipts: WhatsAppReceiptsService) {}

  @Public()
  @RateLimit('webhook', 'failures')
  @Get()
  @ApiProduces('text/plain')
  @ApiQuery({ name: 'hub.mode', type: String, description: 'subscribe' })
  @ApiQuery({ name: 'hub.verify_token', type: String })
  @ApiQuery({ name: 'hub.challenge', type: String, description: 'echoed back when the token matches' })
  // Typed unknown so no pipe coerces a repeated parameter (an array) into a string.
  verify(
    @Query('hub.mode') mode: unknown,
    @Query('hub.verify_token') verifyToken: unknown,
    @Query('hub.challenge') challenge: unknown,
    @Res({ passthrough: true }) response: Response,
  ): string {
    const echo = this.receipts.verifyHandshake({ mode: single(mode), verifyToken: single(verifyToken), challenge: single(challenge) });
    // Set here, not by decorator, so a refusal keeps the JSON error content type.
    response.type('text/plain');
    return echo;
  }

  @Public()
  @RateLimit('webhook', 'failures')
  @Post()
  @HttpCode(200)
  @ApiExcludeEndpoint()
  receive(@Req() request: RawBodyRequest<Request>, @Headers(SIGNATURE_HEADER) signature?: string): Promise<WebhookResult> {
    return this.receipts.receive(request.rawBody, signature);
  }
}

/** A repeated query parameter arrives as an array; only a single value counts. */
function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

import { Controller, Get, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../auth/public.decorator.js';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator.js';
import { ATOM_MEDIA_TYPE, CAP_MEDIA_TYPE, sendAs } from '../cap/xml-response.js';
import { FeedService } from './feed.service.js';

/** Public, read-only: what partner systems and aggregators subscribe to. */
@ApiTags('feeds')
@Controller('feeds')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  @Public()
  @RateLimit('feed')
  @Get('alerts.atom')
  @ApiProduces('application/atom+xml')
  async atom(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    return sendAs(response, ATOM_MEDIA_TYPE, await this.feed.atom(`${request.protocol}://${request.get('host') ?? 'localhost'}`));
  }

  @Public()
  @RateLimit('feed')
  @Get('alerts/:id.cap')
  @ApiProduces('application/cap+xml')
  async cap(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return sendAs(response, CAP_MEDIA_TYPE, await this.feed.publishedCap(id));
  }
}

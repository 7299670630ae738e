import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../../auth/public.decorator.js';
import { ConfirmOptinDto, StartOptinDto } from '../dto/optin.dto.js';
import { OptinService } from './optin.service.js';

/** Public: citizens subscribe themselves. Guarded by the code, rate limits and the wrong-code lock. */
@ApiTags('optin')
@Controller('api/v1/optin')
export class OptinController {
  constructor(private readonly optin: OptinService) {}

  @Public()
  @Post()
  @HttpCode(202)
  start(@Body() body: StartOptinDto, @Ip() ip: string) {
    return this.optin.start(body, ip);
  }

  @Public()
  @Post('confirm')
  @HttpCode(201)
  confirm(@Body() body: ConfirmOptinDto) {
    return this.optin.confirm(body.attemptId, body.code);
  }
}

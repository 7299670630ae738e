import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/public.decorator.js';
import { AudienceService } from './audience.service.js';
import { AudiencePreviewDto } from './dto/preview.dto.js';

@ApiTags('audience')
@ApiBearerAuth()
@Controller('api/v1/audience')
export class AudienceController {
  constructor(private readonly audience: AudienceService) {}

  @Roles('operator', 'approver')
  @Post('preview')
  @HttpCode(200)
  preview(@Body() body: AudiencePreviewDto) {
    return this.audience.preview(body.area, body.filters);
  }
}

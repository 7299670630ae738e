import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator.js';
import { errorBody } from '../common/error.filter.js';
import { RateLimit } from '../common/rate-limit/rate-limit.decorator.js';

@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @RateLimit('health')
  @Get()
  @HttpCode(200)
  async check() {
    const started = process.hrtime.bigint();
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException(errorBody('database_unavailable', 'The database does not answer.'));
    }
    const databaseMs = Number(process.hrtime.bigint() - started) / 1e6;
    return { status: 'ok', database: { status: 'ok', latencyMs: Math.round(databaseMs * 100) / 100 } };
  }
}

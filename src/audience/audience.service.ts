import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AreaLibraryService } from '../areas/library/area-library.service.js';
import { ChannelRegistry } from '../channels/channel-registry.js';
import type { AudienceFilters } from './audience-sql.js';
import { AudienceRepository } from './audience.repository.js';

export interface AudiencePreview {
  total: number;
  byChannel: Record<string, number>;
  byLanguage: Record<string, number>;
  byRegion: { id: string; name: string; count: number }[];
}

@Injectable()
export class AudienceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AudienceRepository,
    private readonly library: AreaLibraryService,
    private readonly channels: ChannelRegistry,
  ) {}

  /** Who an alert with this area and these filters would reach now, counted as the freeze would. */
  async preview(areaInput: unknown, filters?: AudienceFilters): Promise<AudiencePreview> {
    const area = await this.library.resolve(areaInput);
    const counts = await this.repository.preview(this.dataSource.manager, { area, channels: this.channels.channels(), filters });
    const names = await this.library.names(Object.keys(counts.byRegion));
    const byRegion = Object.entries(counts.byRegion)
      .map(([id, count]) => ({ id, name: names.get(id) ?? id, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    return { ...counts, byRegion };
  }
}

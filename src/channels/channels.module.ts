import { Module } from '@nestjs/common';

// Placeholder: filled in by the channels work.
@Module({})
export class ChannelsModule {}

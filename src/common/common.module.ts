import { Global, Module } from '@nestjs/common';
import { SelfUrl } from './self-url.js';

@Global()
@Module({ providers: [SelfUrl], exports: [SelfUrl] })
export class CommonModule {}

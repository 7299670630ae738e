import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { RunEvent } from './dispatch.types.js';

/** In-process signals: `work$` wakes idle workers at once; `events$` tells listeners (alerts) a run ended. */
@Injectable()
export class DispatchSignals {
  readonly work$ = new Subject<void>();
  readonly events$ = new Subject<RunEvent>();
}

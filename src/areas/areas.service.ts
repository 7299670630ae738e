import { Injectable } from '@nestjs/common';
import type { NormalizedArea } from './area.types.js';
import { DEFAULT_MAX_VERTICES, normalizeArea } from './validate-area.js';

/** The areas domain for other modules; the rules themselves live in plain functions. */
@Injectable()
export class AreasService {
  private readonly maxVertices = DEFAULT_MAX_VERTICES;

  normalize(input: unknown): NormalizedArea {
    return normalizeArea(input, { maxVertices: this.maxVertices });
  }
}

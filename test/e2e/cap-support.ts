import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { SHARED_DATA } from '../support/shared-data.js';

/** The CAP 1.2 samples every import must accept, and the official schema exports must satisfy. */
export const CAP_DIR = join(SHARED_DATA, 'cap');
export const CAP_SAMPLES = readdirSync(CAP_DIR).filter((name) => name.endsWith('.xml')).sort();
export const CAP_XSD = readFileSync(join(CAP_DIR, 'CAP-v1.2.xsd'), 'utf8');

export function readSample(name: string): string {
  return readFileSync(join(CAP_DIR, name), 'utf8');
}

/** Validates with libxml2 (xmllint-wasm) against CAP-v1.2.xsd; returns the schema errors. */
export async function capSchemaErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'alert.xml', contents: xml }], schema: [CAP_XSD] });
  return result.errors.map((error) => error.message);
}

export interface CapImportNoteBody {
  path: string;
  reason: string;
}

export interface ImportedAlertBody {
  id: string;
  state: string;
  headline: string;
  event: string;
  severity: string;
  urgency: string;
  certainty: string;
  status: string;
  msgType: string;
  scope: string;
  expiresAt: string | null;
  createdAt: string;
  area: { polygons: unknown[]; circles: unknown[] };
  texts: Record<string, string>;
  cap: { identifier: string; sender: string | null; sent: string; references: string | null; infos: unknown[] | null };
  dropped: CapImportNoteBody[];
  warnings: CapImportNoteBody[];
}

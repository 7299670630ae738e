import type { Response } from 'express';

export const CAP_MEDIA_TYPE = 'application/cap+xml; charset=utf-8';
export const ATOM_MEDIA_TYPE = 'application/atom+xml; charset=utf-8';

/** Sets the content type only once there is a document: an error keeps the JSON error body's own type. */
export function sendAs(response: Response, contentType: string, document: string): string {
  response.type(contentType);
  return document;
}

import { randomBytes } from 'node:crypto';
import type { GraphErrorResponse } from '../whatsapp/graph-api.js';

/** A simulated Graph API refusal: the HTTP status and the body Meta would send. */
export interface GraphRefusal {
  status: number;
  body: GraphErrorResponse;
}

export function graphError(status: number, code: number, message: string, details?: string, extra: { type?: string; subcode?: number } = {}): GraphRefusal {
  return {
    status,
    body: {
      error: {
        message,
        type: extra.type ?? 'OAuthException',
        code,
        ...(extra.subcode === undefined ? {} : { error_subcode: extra.subcode }),
        ...(details === undefined ? {} : { error_data: { messaging_product: 'whatsapp' as const, details } }),
        fbtrace_id: randomBytes(9).toString('base64url'),
      },
    },
  };
}

export const refusals = {
  invalidToken: () => graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token'),
  unknownPhoneNumber: (id: string) =>
    graphError(400, 100, `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, undefined, {
      type: 'GraphMethodException',
      subcode: 33,
    }),
  invalidParameter: (details: string) => graphError(400, 100, '(#100) Invalid parameter', details),
  unknownTemplate: (name: string, language: string) =>
    graphError(404, 132001, '(#132001) Template name does not exist in the translation', `template name (${name}) does not exist in ${language}`),
  throughput: () => graphError(400, 130429, '(#130429) Rate limit hit', 'Cloud API message throughput has been reached.'),
  outsideWindow: () =>
    graphError(400, 131047, '(#131047) Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.'),
  serverError: () => graphError(500, 131000, '(#131000) Something went wrong', 'Something went wrong'),
};

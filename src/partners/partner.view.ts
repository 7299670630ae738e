import type { PartnerEndpointEntity } from './partner-endpoint.entity.js';

/** A partner as the API shows it: never its secret (only the creation answer carries it, once). */
export interface PartnerView {
  id: string;
  name: string;
  url: string;
  format: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toPartnerView(partner: PartnerEndpointEntity): PartnerView {
  return {
    id: partner.id,
    name: partner.name,
    url: partner.url,
    format: partner.format,
    active: partner.active,
    createdAt: partner.createdAt.toISOString(),
    updatedAt: partner.updatedAt.toISOString(),
  };
}

export const ROLES = ['operator', 'approver', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The caller of a request, as the guards see it. */
export interface Principal {
  operatorId: string;
  name: string;
  roles: readonly Role[];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

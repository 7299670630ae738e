export const ROLES = ['operator', 'approver', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The caller of a request, as the guards see it. */
export interface Principal {
  operatorId: string;
  name: string;
  roles: readonly Role[];
  /** Library areas the caller's alerts must lie within; absent = anywhere. */
  allowedAreaIds?: readonly string[];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

import { SetMetadata } from '@nestjs/common';
import type { Role } from './roles.js';

export const ACCESS_KEY = 'beacon:access';

/** What a route declares: public, or the roles that may call it. A route that declares nothing is refused. */
export type Access = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

/** No API key needed (health, provider webhooks, the simulator). Such routes check their own proof. */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);

/** Any one of these roles may call the route. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies Access);

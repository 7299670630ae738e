import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { InvalidKeyError, MissingKeyError, RoleRequiredError, UndeclaredAccessError } from './auth.errors.js';
import { OperatorsService } from './operators.service.js';
import { ACCESS_KEY, type Access } from './public.decorator.js';
import type { Principal } from './roles.js';

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** Global guard: every route declares @Public() or @Roles(...); anything else is refused. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly operators: OperatorsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (!access) throw new UndeclaredAccessError(`${request.method} ${request.path}`);
    if (access.kind === 'public') return true;
    const key = bearerKey(request.headers.authorization);
    if (!key) throw new MissingKeyError();
    const principal = await this.operators.authenticate(key);
    if (!principal) throw new InvalidKeyError();
    if (!access.roles.some((role) => principal.roles.includes(role))) throw new RoleRequiredError(access.roles);
    request.principal = principal;
    return true;
  }
}

function bearerKey(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S{1,512})$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

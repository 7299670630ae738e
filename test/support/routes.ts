import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_KEY, type Access } from '../../src/auth/public.decorator.js';
import type { Beacon } from './beacon.js';

export interface Route {
  method: string;
  path: string;
  access: Access | undefined;
}

/** Every route the application serves, read from Nest's own metadata, with its declared access. */
export function discoverRoutes(beacon: Beacon): Route[] {
  const discovery = beacon.app.get(DiscoveryService);
  const scanner = beacon.app.get(MetadataScanner);
  const reflector = beacon.app.get(Reflector);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    const prototype = Object.getPrototypeOf(instance) as object;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = (prototype as Record<string, unknown>)[name];
      if (typeof handler !== 'function') continue;
      const methodCode = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (methodCode === undefined) continue;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const path = ('/' + [base, sub].filter((p) => p && p !== '/').join('/')).replace(/\/+/g, '/');
      const access = reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [handler as () => void, metatype]);
      routes.push({ method: RequestMethod[methodCode], path, access });
    }
  }
  return routes;
}

export function concretePath(path: string): string {
  return path.replace(/:(\w+)/g, (_match, name: string) => (name === 'id' ? '00000000-0000-4000-8000-000000000000' : 'x'));
}


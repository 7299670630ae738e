import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { ErrorFilter } from './common/error.filter.js';
import { JsonLogger } from './common/json-logger.js';
import { SelfUrl } from './common/self-url.js';
import { createValidationPipe } from './common/validation.pipe.js';
import type { BeaconConfig } from './config/config.js';

export interface RunningApp {
  app: INestApplication;
  url: string;
}

/** Builds the whole HTTP application; main.ts and the end-to-end tests share it. */
export async function createApp(config: BeaconConfig, logger = new JsonLogger(config.logLevel)): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    rawBody: true,
    bodyParser: false,
    forceCloseConnections: true,
  });
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: config.bodyLimitBytes, extended: false });
  app.useBodyParser('text', { limit: config.bodyLimitBytes, type: ['application/cap+xml', 'application/xml', 'text/xml', 'text/csv', 'application/x-ndjson'] });
  app.disable('x-powered-by');
  app.use(securityHeaders);
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins, allowedHeaders: ['Authorization', 'Content-Type'], maxAge: 600 });
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Beacon').setDescription('Emergency alert dispatcher').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json' });
  return app;
}

export async function listen(app: INestApplication, port: number, host: string): Promise<RunningApp> {
  await app.listen(port, host);
  const server = app.getHttpServer() as Server;
  const address = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  app.get(SelfUrl).set(url);
  return { app, url };
}

function securityHeaders(req: Request, res: Response, next: NextFunction) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  // The API answers JSON only; the OpenAPI page needs its own scripts and styles.
  if (!req.path.startsWith('/docs')) res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
  next();
}

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

export const API_VERSION = '0.1.0';

/**
 * The OpenAPI 3.1 document is generated from the routes' zod schemas. Must be registered before any route,
 * so that @fastify/swagger sees every route as it is added.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'econsec-api',
        version: API_VERSION,
        description:
          "Japan's economic-security diplomacy as data: the joint statements and news releases of the ministry " +
          'briefing 経済安全保障政策 (2026-06-15, 貿易経済安全保障局総務課), verbatim, with the passages it underlines, ' +
          'the partners, meetings and themes they concern, the 2010 rare-earth lesson and the policy approach.\n\n' +
          'Every error is an RFC 9457 problem document (application/problem+json).',
      },
      tags: [{ name: 'health', description: 'Liveness and readiness probes.' }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true } });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}

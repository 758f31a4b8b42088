import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { DOCS_CONTENT_SECURITY_POLICY } from './security-headers.js';

export const API_VERSION = '0.1.0';

type OpenApiDocument = ReturnType<typeof jsonSchemaTransformObject>;
interface WithComponents {
  paths?: unknown;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
}

/**
 * The zod transform registers an input and an output variant of every named schema; only the ones the
 * operations reference (directly or through other schemas) are worth publishing.
 */
function pruneUnusedComponents(transformed: OpenApiDocument): OpenApiDocument {
  const document = transformed as WithComponents;
  const schemas = document.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
          const name = value.slice('#/components/schemas/'.length);
          if (!used.has(name)) {
            used.add(name);
            visit(schemas[name]);
          }
        } else visit(value);
      }
    }
  };
  visit(document.paths);
  return {
    ...document,
    components: {
      ...document.components,
      schemas: Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name))),
    },
  } as OpenApiDocument;
}

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
      servers: [{ url: '/', description: 'The server that serves this document' }],
      // Reads are public unless REQUIRE_AUTH_FOR_READS; writes name the apiKey scheme on their operations.
      security: [],
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key (esk_…), created with `npm run keys -- create --name NAME --scope write`. Scopes: read, write, admin.',
          },
        },
      },
      tags: [
        { name: 'statements', description: 'Joint statements, chair’s statements and news releases, verbatim.' },
        { name: 'meetings', description: 'The meetings the statements come from.' },
        { name: 'partners', description: 'Countries, organisations and groups, with their memberships.' },
        { name: 'themes', description: 'The controlled vocabulary of topics and approaches.' },
        { name: 'briefings', description: 'The source documents with their sections.' },
        { name: 'stats', description: 'Counts for dashboards, under the same filters as /v1/statements.' },
        { name: 'exports', description: 'Bulk downloads: statements as JSON, NDJSON or CSV, and the whole dataset for backup and re-import.' },
        { name: 'import', description: 'Bulk import of dataset files and statements (admin).' },
        { name: 'health', description: 'Liveness and readiness probes.' },
        { name: 'problems', description: 'The problem types: the `type` URI of every error answer opens a page on what it means and what to do.' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => pruneUnusedComponents(jsonSchemaTransformObject(document)),
  });

  // staticCSP replaces the API's no-everything policy (helmet) on the /docs routes with what Swagger UI needs.
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { deepLinking: true }, staticCSP: DOCS_CONTENT_SECURITY_POLICY });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
}

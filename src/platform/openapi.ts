import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { declareHeaders, headerComponents } from './openapi-headers.js';
import { addProblemExamples } from './openapi-problem-examples.js';
import { readCommittedDocument, withRecordedExamples } from './openapi-recorded-examples.js';
import { declareListStyle, documentedJsonSchema } from './openapi-wire-forms.js';
import { DOCS_CONTENT_SECURITY_POLICY } from './security-headers.js';

export const API_VERSION = '0.1.0';

/**
 * What is known of the rights, and no more: the code is UNLICENSED (package.json), so the licence has a name and no
 * URL or SPDX identifier; the texts are the ministry's, which an extension says (the repository holds no licence
 * for them to link to).
 */
const LICENSE = {
  name: 'UNLICENSED (the code is not published under a licence)',
  'x-data-rights':
    'The statement texts are quoted verbatim from the briefing 経済安全保障政策 (2026-06-15, 貿易経済安全保障局総務課), ' +
    'a work of the Government of Japan, and remain its words; the JSON exports name them in `meta.attribution`. The ' +
    'English labels are translations by econsec-api, not the ministry’s.',
};

const zodToJsonConfig = { override: documentedJsonSchema };
const jsonSchemaTransform = createJsonSchemaTransform({ zodToJsonConfig });
const jsonSchemaTransformObject = createJsonSchemaTransformObject({ zodToJsonConfig });

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
          'Every error is an RFC 9457 problem document (application/problem+json).\n\n' +
          'Every GET also answers HEAD, with the status and headers the GET would have and no body; the HEAD twins are ' +
          'not listed as operations of their own.\n\n' +
          'Reads are open unless the server runs with REQUIRE_AUTH_FOR_READS=true: then every GET under /v1 needs a key ' +
          'that grants reading: 401 without a valid key, 403 for a key without such a scope.',
        license: LICENSE,
        contact: { name: 'The econsec-api maintainers (see README.md in the repository)' },
      },
      externalDocs: {
        description:
          'The interactive documentation of this server. The guides are in the repository: docs/api.md (reads), ' +
          'docs/curation.md (writes and API keys), docs/exports.md (downloads), docs/configuration.md (settings).',
        url: '/docs',
      },
      // Relative first: Swagger UI's "Try it out" (and any client reading /openapi.json) calls the server that
      // serves the document. The variable is for clients that read the committed file and must be told where.
      servers: [
        { url: '/', description: 'The server that serves this document' },
        {
          url: '{baseUrl}',
          description: 'Any other server of this API',
          variables: { baseUrl: { default: 'http://127.0.0.1:3000', description: 'Its origin, e.g. http://127.0.0.1:3000 (npm start).' } },
        },
      ],
      // Reads are public unless REQUIRE_AUTH_FOR_READS; writes name the apiKey scheme on their operations, and GETs
      // under /v1 name it as optional (src/modules/v1-routes.ts).
      security: [],
      components: {
        ...headerComponents(),
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
    transformObject: (document) => {
      const pruned = pruneUnusedComponents(jsonSchemaTransformObject(document));
      addProblemExamples((pruned as WithComponents).paths);
      declareListStyle((pruned as WithComponents).paths);
      declareHeaders((pruned as WithComponents).paths);
      return pruned;
    },
  });

  // What /openapi.json and /docs serve: the generated document with the examples recorded in the committed one
  // (openapi-recorded-examples.ts). Made once, at the first request, so that start-up reads no file for it.
  let served: unknown;
  const servedDocument = () => (served ??= withRecordedExamples(app.swagger(), readCommittedDocument(app.log)));

  // staticCSP replaces the API's no-everything policy (helmet) on the /docs routes with what Swagger UI needs.
  // No clone per request: servedDocument() is already a copy of its own, which nothing changes.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { deepLinking: true },
    staticCSP: DOCS_CONTENT_SECURITY_POLICY,
    transformSpecification: () => servedDocument() as Record<string, unknown>,
    transformSpecificationClone: false,
  });

  app.get('/openapi.json', { schema: { hide: true } }, () => servedDocument());
}

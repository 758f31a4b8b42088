import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { createRecord, deleteRecord, restoreRecord, updateRecord, type Actor, type Lifecycle } from '../../db/lifecycle.js';
import { listRevisions } from './revisions.js';
import type { AppDatabase } from '../../db/engine.js';
import { NotFoundError } from '../../errors.js';
import { checkIfMatch, etagOf, LANGUAGES } from '../../platform/preconditions.js';
import { answerLanguage } from '../../platform/reply-helpers.js';
import { requireScope } from '../../platform/auth.js';
import { itemQuerySchema, type Lang } from '../../schemas/query.js';
import { revisionListSchema } from './schemas.js';
import { deletedResponse, readErrorResponses, writeResponses } from './write-responses.js';
import { jsonResponse } from '../../schemas/problem.js';

/**
 * The write routes of one resource, built the same way for all four: POST (201 + Location + ETag), PATCH
 * and DELETE behind If-Match, POST …/restore, and GET …/revisions. Handlers stay a few lines: the life cycle
 * (src/db/lifecycle.ts) does the work in one transaction each; this file only wires HTTP to it.
 */
export interface WriteRouteSpec<D, Input, Create extends Input, Patch extends Input> {
  /** Path segment and OpenAPI tag: statements, meetings, … */
  plural: string;
  paramsSchema: z.ZodType<Record<string, string>>;
  itemSchema: z.ZodType;
  createSchema: z.ZodType<Create>;
  patchSchema: z.ZodType<Patch>;
  describe: { create: string; update: string; delete: string };
  /** The item as GET answers it; the If-Match check computes the current ETags with it on the write's transaction. */
  read: (db: AppDatabase, id: string, lang: Lang) => Promise<unknown>;
  /** The resource's name (the noun of the summaries), its key (the path parameter) and its writes. */
  lifecycle: Lifecycle<D, Input, Create>;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function registerWriteRoutes<D, Input, Create extends Input, Patch extends Input>(
  parent: FastifyInstance,
  db: AppDatabase,
  spec: WriteRouteSpec<D, Input, Create, Patch>,
): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const write = requireScope(db, 'write');
  const { lifecycle } = spec;
  const noun = lifecycle.resource;
  const param = lifecycle.key;
  const Noun = capitalised(noun);
  const base = `/${spec.plural}`;
  const item = `${base}/:${param}`;
  const security = [{ apiKey: [] }];
  const representation = async (on: AppDatabase, id: string, lang: Lang) => {
    const value = await spec.read(on, id, lang);
    if (!value) throw new NotFoundError(`There is no ${noun} ${id}.`);
    return value;
  };
  /** The If-Match check, on the write's transaction `tx`: the ETags of the record as it stands there, in both languages. */
  const ifMatch = (request: FastifyRequest, id: string) => (tx: AppDatabase) =>
    checkIfMatch(request, async () => Promise.all(LANGUAGES.map(async (lang) => etagOf(spec.itemSchema, await representation(tx, id, lang)))));
  const actorOf = (request: { apiKey: Actor['apiKey'] }): Actor => ({ apiKey: request.apiKey, via: 'api' });
  const idOf = (params: unknown) => (params as Record<string, string>)[param] ?? '';

  app.post(
    base,
    {
      onRequest: write,
      schema: {
        operationId: `create${Noun}`,
        tags: [spec.plural],
        summary: `Add a ${noun}`,
        description: `${spec.describe.create} Needs a key with the write scope.`,
        security,
        querystring: itemQuerySchema,
        body: spec.createSchema,
        response: { 201: jsonResponse(`The new ${noun}, as GET answers it; Location is its URL and ETag its ETag.`, spec.itemSchema), ...writeResponses(false) },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const doc = await createRecord(db, lifecycle, request.body as Create, actorOf(request));
      const id = String((doc as Record<string, unknown>)[param]);
      const value = await representation(db, id, lang);
      reply.code(201).header('location', `/v1${base}/${encodeURIComponent(id)}`).header('etag', etagOf(spec.itemSchema, value));
      return value;
    },
  );

  app.patch(
    item,
    {
      onRequest: write,
      schema: {
        operationId: `update${Noun}`,
        tags: [spec.plural],
        summary: `Change a ${noun}`,
        description:
          `${spec.describe.update} Only the fields sent change; lists are replaced whole. Send If-Match with the ETag ` +
          'of your last GET (either language): 428 without it, 412 if the record changed since.',
        security,
        params: spec.paramsSchema,
        querystring: itemQuerySchema,
        body: spec.patchSchema,
        response: { 200: jsonResponse(`The changed ${noun}, as GET answers it, with its new ETag.`, spec.itemSchema), ...writeResponses(true) },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const id = idOf(request.params);
      await updateRecord(db, lifecycle, id, request.body as Patch, actorOf(request), ifMatch(request, id));
      const value = await representation(db, id, lang);
      reply.header('etag', etagOf(spec.itemSchema, value));
      return value;
    },
  );

  app.delete(
    item,
    {
      onRequest: write,
      schema: {
        operationId: `delete${Noun}`,
        tags: [spec.plural],
        summary: `Delete a ${noun}`,
        description: `${spec.describe.delete} Soft delete: reads answer 404 from then on, the history stays, and POST …/restore brings it back. Needs If-Match.`,
        security,
        params: spec.paramsSchema,
        response: { 204: deletedResponse, ...writeResponses(true) },
      },
    },
    async (request, reply) => {
      const id = idOf(request.params);
      await deleteRecord(db, lifecycle, id, actorOf(request), ifMatch(request, id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    `${item}/restore`,
    {
      onRequest: write,
      schema: {
        operationId: `restore${Noun}`,
        tags: [spec.plural],
        summary: `Restore a deleted ${noun}`,
        description: `Brings back a deleted ${noun} as it was; 409 if it is not deleted, 422 if what it points to is gone.`,
        security,
        params: spec.paramsSchema,
        querystring: itemQuerySchema,
        response: { 200: jsonResponse(`The restored ${noun}, as GET answers it, with its ETag.`, spec.itemSchema), ...writeResponses(false) },
      },
    },
    async (request, reply) => {
      const lang = answerLanguage(request, reply, request.query.lang);
      const id = idOf(request.params);
      await restoreRecord(db, lifecycle, id, actorOf(request));
      const value = await representation(db, id, lang);
      reply.header('etag', etagOf(spec.itemSchema, value));
      return value;
    },
  );

  app.get(
    `${item}/revisions`,
    {
      schema: {
        operationId: `list${Noun}Revisions`,
        tags: [spec.plural],
        summary: `History of a ${noun}`,
        description: `Every change made to the ${noun} through the API, oldest first: which key, when, the operation, and the record before and after. A deleted ${noun} keeps its history.`,
        params: spec.paramsSchema,
        response: { 200: jsonResponse(`The ${noun}’s revisions, oldest first, and how many there are.`, revisionListSchema), ...readErrorResponses },
      },
    },
    async (request) => {
      const id = idOf(request.params);
      const data = await listRevisions(db, lifecycle.resource, id);
      if (data.length === 0 && !(await spec.read(db, id, 'ja'))) throw new NotFoundError(`There is no ${noun} ${id}.`);
      return { data, total: data.length };
    },
  );
}

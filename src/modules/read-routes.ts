import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppDatabase } from '../db/engine.js';
import type { KeysetPage } from '../db/keyset.js';
import { NotFoundError } from '../errors.js';
import { answerLanguage, pageAnswer } from '../platform/reply-helpers.js';
import { jsonResponse, notModifiedResponse, problemResponse } from '../schemas/problem.js';
import { itemQuerySchema, LIST_LIMIT_DEFAULT, type Lang } from '../schemas/query.js';

/**
 * The two read routes every resource has, declared from their texts, schemas and loader: a list (keyset
 * pages, the Link header, 304 and 400) and an item (by id or code, 404 when there is none, 414 for an id
 * longer than any). The route files only say what differs; the answers, and the OpenAPI document, are the
 * same for all of them by construction.
 */

interface RouteTexts {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
}

type ListQuery = { lang?: Lang | undefined; limit?: number | undefined };

export interface ListRoute<Q extends ListQuery> extends RouteTexts {
  path: string;
  querystring: z.ZodType<Q>;
  response: z.ZodType;
  /** The sentence that describes the 200 in the OpenAPI document. */
  answer: string;
  /** The page and its items; `facets`, when there are any, follow the list envelope. */
  list: (db: AppDatabase, query: Q, lang: Lang, limit: number) => Promise<{ page: KeysetPage; items: unknown[]; facets?: unknown }>;
}

export interface ItemRoute<P extends Record<string, string>> extends RouteTexts {
  path: string;
  params: z.ZodType<P>;
  /** The path parameter that names the record. */
  key: keyof P & string;
  /** The sentence that describes the 200 in the OpenAPI document. */
  answer: string;
  /** What the API calls that parameter in the error texts: id, code, slug. */
  keyName: string;
  /** The resource, as in "No meeting has this id." */
  noun: string;
  response: z.ZodType;
  get: (db: AppDatabase, key: string, lang: Lang) => Promise<unknown>;
  notFound: (key: string) => string;
}

/** A resource's list and item routes, as a plugin taking the database. */
export function readRoutes<Q extends ListQuery, P extends Record<string, string>>(list: ListRoute<Q>, item: ItemRoute<P>): FastifyPluginAsync<{ db: AppDatabase }> {
  return async (parent, { db }) => {
    const app = parent.withTypeProvider<ZodTypeProvider>();
    app.get(
      list.path,
      {
        schema: {
          operationId: list.operationId,
          tags: list.tags,
          summary: list.summary,
          description: list.description,
          querystring: list.querystring,
          response: {
            200: jsonResponse(list.answer, list.response),
            304: notModifiedResponse,
            400: problemResponse('A parameter is unknown or invalid; `errors` names each one.'),
          },
        },
      },
      async (request, reply) => {
        const query = request.query as Q;
        const lang = answerLanguage(request, reply, query.lang);
        const limit = query.limit ?? LIST_LIMIT_DEFAULT;
        const { page, items, facets } = await list.list(db, query, lang, limit);
        return { ...pageAnswer(request, reply, page, items, limit), ...(facets ? { facets } : {}) };
      },
    );

    app.get(
      item.path,
      {
        schema: {
          operationId: item.operationId,
          tags: item.tags,
          summary: item.summary,
          description: item.description,
          params: item.params,
          querystring: itemQuerySchema,
          response: {
            200: jsonResponse(item.answer, item.response),
            304: notModifiedResponse,
            400: problemResponse(`The ${item.keyName} or a parameter is invalid.`),
            404: problemResponse(`No ${item.noun} has this ${item.keyName}.`),
            414: problemResponse('The id is longer than any record’s.'),
          },
        },
      },
      async (request, reply) => {
        const lang = answerLanguage(request, reply, request.query.lang);
        const key = (request.params as P)[item.key] as string;
        const found = await item.get(db, key, lang);
        if (!found) throw new NotFoundError(item.notFound(key));
        return found;
      },
    );
  };
}

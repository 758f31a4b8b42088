import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { registerConditionalGet } from '../../platform/http-cache/conditional-get.js';
import { sendProblem } from '../../platform/problem-details.js';
import { isProblemTypeName, PROBLEM_TYPE_PREFIX } from '../../platform/problem-types.js';
import { notModifiedResponse, problemResponse } from '../../schemas/problem.js';
import { PAGE_MEDIA_TYPES, problemTypeIndex, problemTypePage, type PageForms, type PageMediaType } from './pages.js';
import { pageResponse, problemTypeListSchema, problemTypeParamsSchema, problemTypeSchema } from './schemas.js';

/** The q a client gives a media type: that of the most specific range of its Accept header that covers it. */
function qualityOf(accept: string, mediaType: string): number {
  const [type] = mediaType.split('/');
  let best = { specificity: -1, q: 0 };
  for (const part of accept.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const specificity = range === mediaType ? 2 : range === `${type}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity <= best.specificity) continue;
    const q = params.find((p) => p.startsWith('q='));
    best = { specificity, q: q ? Number(q.slice(2)) || 0 : 1 };
  }
  return best.q;
}

/** The form the client prefers (RFC 9110 §12.5.1), ties going to the order of PAGE_MEDIA_TYPES; undefined if none is acceptable. */
function negotiate(accept: string | undefined): PageMediaType | undefined {
  if (!accept?.trim()) return PAGE_MEDIA_TYPES[0];
  let chosen: { mediaType: PageMediaType; q: number } | undefined;
  for (const mediaType of PAGE_MEDIA_TYPES) {
    const q = qualityOf(accept, mediaType);
    if (q > 0 && (!chosen || q > chosen.q)) chosen = { mediaType, q };
  }
  return chosen?.mediaType;
}

function sendPage(request: FastifyRequest, reply: FastifyReply, forms: PageForms): FastifyReply {
  // Shared caches must keep one answer per form.
  reply.header('vary', 'Accept');
  const mediaType = negotiate(request.headers.accept);
  if (!mediaType) {
    return sendProblem(reply, { status: 406, detail: `This page comes as ${PAGE_MEDIA_TYPES.join(', ')}; the Accept header of the request allows none of them.` });
  }
  reply.header('content-language', 'en');
  if (mediaType === 'application/json') return reply.type('application/json; charset=utf-8').send(forms[mediaType]);
  return reply.type(`${mediaType}; charset=utf-8`).send(forms[mediaType]);
}

const NOT_ACCEPTABLE = problemResponse('The Accept header allows none of text/markdown, text/html and application/json.');

/**
 * GET /problems and /problems/{name}: the `type` URI of every problem answers with a page on that kind of problem.
 * Static pages: ETag and Cache-Control as on every GET (the same conditional-GET hook, in this scope), and
 * rate-limited like every read (the app-wide limit applies to every route that does not opt out).
 */
export const problemTypeRoutes: FastifyPluginAsyncZod<{ cacheMaxAge: number }> = async (app, { cacheMaxAge }) => {
  registerConditionalGet(app, cacheMaxAge);

  app.get(
    '/problems',
    {
      schema: {
        operationId: 'listProblemTypes',
        tags: ['problems'],
        summary: 'Every problem type',
        description:
          'The kinds of problem this API answers with, each linking to its page. Markdown by default, HTML for browsers, ' +
          'JSON with `Accept: application/json`.',
        response: { 200: pageResponse('Every problem type, in the form the Accept header prefers.', problemTypeListSchema, 'index'), 304: notModifiedResponse, 406: NOT_ACCEPTABLE },
      },
    },
    (request, reply) => sendPage(request, reply, problemTypeIndex()),
  );

  app.get(
    `${PROBLEM_TYPE_PREFIX}:name`,
    {
      schema: {
        operationId: 'getProblemType',
        tags: ['problems'],
        summary: 'A problem type',
        description:
          'What a kind of problem means and what a client can do about it: the `type` of every problem document is this ' +
          "resource's URI. Names the HTTP status and the title of the problems of this kind. Markdown by default, HTML for " +
          'browsers, JSON with `Accept: application/json`.',
        params: problemTypeParamsSchema,
        response: {
          200: pageResponse('The page of the problem type, in the form the Accept header prefers.', problemTypeSchema, 'page'),
          304: notModifiedResponse,
          404: problemResponse('No problem type has this name.'),
          406: NOT_ACCEPTABLE,
        },
      },
    },
    (request, reply) => {
      const { name } = request.params;
      if (!isProblemTypeName(name)) {
        return sendProblem(reply, { status: 404, detail: `There is no problem type ${name}; the problem types are listed at /problems.` });
      }
      return sendPage(request, reply, problemTypePage(name));
    },
  );
};

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeysetPage } from '../db/keyset.js';
import { negotiateLanguage } from './language.js';
import type { Lang } from '../schemas/query.js';

/** The label language of this answer: `lang` if given, else Accept-Language; announced in Content-Language. */
export function answerLanguage(request: FastifyRequest, reply: FastifyReply, lang: Lang | undefined): Lang {
  const chosen = lang ?? negotiateLanguage(request.headers['accept-language']);
  reply.header('content-language', chosen);
  return chosen;
}

/** The list envelope, with `Link: <…>; rel="next"` pointing at the same query with the next cursor. */
export function pageAnswer<T>(request: FastifyRequest, reply: FastifyReply, page: KeysetPage, items: T[], limit: number) {
  if (page.nextCursor) {
    const url = new URL(request.url, 'http://localhost');
    url.searchParams.set('cursor', page.nextCursor);
    reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  return { data: items, total: page.total, limit, nextCursor: page.nextCursor };
}

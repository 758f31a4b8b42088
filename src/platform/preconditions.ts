import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PreconditionError } from '../errors.js';
import { strongEtag } from './http-cache/conditional-get.js';
import type { Lang } from '../schemas/query.js';

/** The ETag a GET of this representation carries: the hash of the bytes the serializer would write. */
export function etagOf(schema: z.ZodType, value: unknown): string {
  return strongEtag(JSON.stringify(z.encode(schema, value)));
}

/**
 * Optimistic concurrency (RFC 9110 §13.1.1): a change must name, in If-Match, the ETag of the state it was
 * made from. Without If-Match: 428; with a tag that is no longer current: 412. A representation exists in
 * two languages, and the ETag of either names the same state.
 */
export async function checkIfMatch(request: FastifyRequest, currentEtags: () => Promise<string[]>): Promise<void> {
  const header = request.headers['if-match'];
  if (!header) {
    throw new PreconditionError(428, 'This change needs an If-Match header with the ETag from your last GET of the record, so that it cannot overwrite a change you have not seen.');
  }
  if (header.trim() === '*') return;
  const current = new Set(await currentEtags());
  const given = header.split(',').map((tag) => tag.trim());
  // If-Match uses the strong comparison: weak tags never match.
  if (!given.some((tag) => !tag.startsWith('W/') && current.has(tag))) {
    throw new PreconditionError(412, 'The record has changed since that ETag was issued: GET it again, re-apply your change and retry.');
  }
}

export const LANGUAGES: Lang[] = ['ja', 'en'];

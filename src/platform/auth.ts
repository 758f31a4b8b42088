import type { FastifyInstance, FastifyRequest } from 'fastify';
import { verifyApiKey, type ApiKeyIdentity, type ApiKeyScope } from '../modules/api-keys/queries.js';
import type { AppDatabase } from '../db/engine.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import { problemResponse } from '../schemas/problem.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The key that authenticated this request, once a scope check has run. */
    apiKey: ApiKeyIdentity | null;
  }
}

const REALM = 'Bearer realm="econsec-api"';

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case), or null for anything else. */
export function bearerToken(header: string): string | null {
  const [scheme, token] = header.trim().split(/\s+/, 2);
  return scheme?.toLowerCase() === 'bearer' && token ? token : null;
}

/** admin can do everything; write can also read. */
function grants(scopes: ApiKeyScope[], needed: ApiKeyScope): boolean {
  if (scopes.includes('admin')) return true;
  if (needed === 'read') return scopes.includes('read') || scopes.includes('write');
  return scopes.includes(needed);
}

/** What a GET can answer when the server closes reads (REQUIRE_AUTH_FOR_READS=true), documented on every GET. */
export const readKeyResponses = {
  401: problemResponse(
    'Only when reads require a key (REQUIRE_AUTH_FOR_READS=true): no API key, or not a valid one (see WWW-Authenticate).',
  ),
  403: problemResponse(
    'Only when reads require a key (REQUIRE_AUTH_FOR_READS=true): the key has no scope that grants reading (read, write and admin all do).',
  ),
};

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('apiKey', null);
}

/**
 * A preHandler that lets the request through only with `Authorization: Bearer <key>` of a key that has
 * `scope`. 401 (with WWW-Authenticate) when the key is missing, malformed, unknown or revoked; 403 when it
 * lacks the scope.
 */
export function requireScope(db: AppDatabase, scope: ApiKeyScope) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    if (!header) throw new UnauthorizedError(`This needs an API key with the ${scope} scope: send Authorization: Bearer <key>.`, REALM);
    const key = bearerToken(header);
    if (!key) {
      throw new UnauthorizedError('The Authorization header must be "Bearer <key>".', `${REALM}, error="invalid_request"`);
    }
    const identity = await verifyApiKey(db, key);
    if (!identity) throw new UnauthorizedError('The API key is not valid, or has been revoked.', `${REALM}, error="invalid_token"`);
    if (!grants(identity.scopes, scope)) {
      throw new ForbiddenError(`The API key "${identity.name}" does not have the ${scope} scope.`, `${REALM}, error="insufficient_scope", scope="${scope}"`);
    }
    request.apiKey = identity;
  };
}

import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** JSON answers load nothing and may not be framed: the strictest policy there is. */
const API_CSP_DIRECTIVES = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * Swagger UI at /docs: its own scripts, styles, images and fonts, and fetches to this origin (the document
 * and "Try it out"); no inline scripts, nothing from elsewhere. Swagger UI injects one inline <style>, hence
 * 'unsafe-inline' for styles only (tests/e2e/browser.e2e.test.ts fails on any CSP violation). Set by
 * @fastify/swagger-ui (`staticCSP`) on its routes, replacing the API's policy there.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Helmet's headers, worked out once. @fastify/helmet runs helmet's middleware factory on every request,
 * which cost more than answering a cached request; with no per-request nonces the headers never change,
 * so they are computed at start-up and set as they are.
 */
function staticSecurityHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/**
 * Helmet's headers on every answer: the strict policy above (nosniff, no referrer, same-origin opener and resource
 * policy, no framing, and HSTS, which browsers honour only over HTTPS, i.e. behind a TLS-terminating proxy).
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const securityHeaders = staticSecurityHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    // The other headers are helmet's defaults: nosniff, no referrer, same-origin opener and resource policy,
    // and HSTS, which browsers honour only over HTTPS (i.e. behind a TLS-terminating proxy).
  });
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });

}

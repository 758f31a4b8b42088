/**
 * Requests the document must refuse at compile time. Never run: tests/api/generated-client.test.ts type-checks
 * this file, where an @ts-expect-error that meets no error fails tsc, and checks that each line fails for the
 * reason its comment gives (the quoted text must appear in the error TypeScript reports without the comment).
 */
import { headersOf, type EconsecClient } from './econsec-client.js';

export function refusedAtCompileTime(client: EconsecClient, response: Response) {
  // @ts-expect-error -- "joint_statment": a misspelt kind is not one of the kinds the document lists
  void client.GET('/v1/statements', { params: { query: { kind: ['joint_statment'] } } });
  // @ts-expect-error -- "If-Match": PATCH declares it required, so leaving it out does not compile
  void client.PATCH('/v1/statements/{id}', { params: { path: { id: 'japan-france-summit-2026-04-joint-statement' } }, body: { titleEn: 'Lost update' } });
  // @ts-expect-error -- "X-Etag": a page declares its headers, and this is not one of them
  void headersOf<'/v1/statements', 'get', 200>(response)('X-Etag');
}

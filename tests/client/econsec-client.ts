/**
 * A client of this API as a user would write it: types generated from the committed document with
 * openapi-typescript (tests/api/generated-client.test.ts writes them to generated/, git-ignored) and requests
 * made with openapi-fetch. It is type-checked on its own (tsconfig.json here, strict) and then run against the
 * app, so the document has to describe the requests and the answers well enough for typed code to use them.
 */
import createClient from 'openapi-fetch';
import type { paths } from './generated/openapi.js';

export type EconsecClient = ReturnType<typeof createEconsecClient>;

export function createEconsecClient(baseUrl: string, apiKey?: string) {
  return createClient<paths>({ baseUrl, headers: apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` } });
}

/** The response headers the document declares for one answer (openapi-typescript adds a catch-all `[name: string]: unknown`, left out here). */
type DeclaredHeaders<Path extends keyof paths, Method extends keyof paths[Path], Status extends number> =
  paths[Path][Method] extends { responses: { [S in Status]: { headers: infer H } } } ? { [K in keyof H as string extends K ? never : K]: H[K] } : never;

/**
 * Reads the declared headers of an answer with their declared types: `headersOf<'/v1/statements', 'get', 200>(response)('Link')`.
 * A header the document does not declare for that answer does not compile.
 */
export function headersOf<Path extends keyof paths, Method extends keyof paths[Path], Status extends number>(response: Response) {
  return <Name extends keyof DeclaredHeaders<Path, Method, Status> & string>(name: Name) =>
    (response.headers.get(name) ?? undefined) as DeclaredHeaders<Path, Method, Status>[Name];
}

type StatementQuery = NonNullable<paths['/v1/statements']['get']['parameters']['query']>;

/** Every statement that matches `query`, page after page through `nextCursor`, with the `Link` of each page. */
export async function allStatements(client: EconsecClient, query: Omit<StatementQuery, 'cursor'>) {
  const ids: string[] = [];
  const links: (string | undefined)[] = [];
  const cursors: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const { data, error, response } = await client.GET('/v1/statements', { params: { query: cursor === undefined ? query : { ...query, cursor } } });
    if (error) throw new Error(`GET /v1/statements answered ${response.status}: ${JSON.stringify(error)}`);
    const link: string | undefined = headersOf<'/v1/statements', 'get', 200>(response)('Link');
    links.push(link);
    ids.push(...data.data.map((statement) => statement.id));
    if (data.nextCursor === null) return { ids, total: data.total, links, cursors };
    cursors.push(data.nextCursor);
    cursor = data.nextCursor;
  }
}

/** Reads a statement, then asks again with its ETag in If-None-Match: the second answer should be a 304. */
export async function revalidate(client: EconsecClient, id: string) {
  const first = await client.GET('/v1/statements/{id}', { params: { path: { id }, query: { lang: 'en' } } });
  if (first.error) throw new Error(`GET /v1/statements/${id} answered ${first.response.status}`);
  const etag: string = headersOf<'/v1/statements/{id}', 'get', 200>(first.response)('ETag');
  const again = await client.GET('/v1/statements/{id}', { params: { path: { id }, query: { lang: 'en' }, header: { 'If-None-Match': etag } } });
  const etagAgain: string = headersOf<'/v1/statements/{id}', 'get', 304>(again.response)('ETag');
  return { title: first.data.title, etag, status: again.response.status, etagAgain };
}

/** Changes a statement's English title, provided it is still at `ifMatch`; the answer's ETag is the new version. */
export async function renameStatement(client: EconsecClient, id: string, ifMatch: string, titleEn: string) {
  const { data, error, response } = await client.PATCH('/v1/statements/{id}', {
    params: { path: { id }, query: { lang: 'en' }, header: { 'If-Match': ifMatch } },
    body: { titleEn },
  });
  if (error) return { status: response.status, problem: error };
  const etag: string = headersOf<'/v1/statements/{id}', 'patch', 200>(response)('ETag');
  return { status: response.status, title: data.title, etag };
}

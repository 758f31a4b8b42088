import type { FastifyInstance } from 'fastify';
import type { AppDatabase } from '../db/engine.js';
import type { Lifecycle } from '../db/lifecycle.js';
import { createApiKey } from '../modules/api-keys/queries.js';
import { meetingLifecycle, partnerLifecycle, themeLifecycle } from '../modules/curation/catalogue-writes.js';
import type { MeetingDocument, PartnerDocument, StatementDocument, ThemeDocument } from '../modules/curation/documents.js';
import { statementLifecycle } from '../modules/curation/statement-writes.js';
import type { SeedDataset } from '../schemas/seed.js';
import { exampleOf, normalised } from './openapi-response-examples.js';
import { tryItOutUrl, type DocumentedOperation } from './try-it-out.js';

/**
 * The request-body examples of the committed document, and the answers to them, are real: `npm run openapi`
 * builds each body from the seeded briefing (a record's editable document under a new key for a create, one
 * field changed for a PATCH, the exports' own output for the imports), sends it to the seeded app and records
 * the body with the answer (the 201 of a create, the 200 of a PATCH or a dry-run import). A body the app does
 * not accept fails the generation, so every documented body works; tests/api/openapi-examples.test.ts sends
 * them again to a fresh app.
 */

interface MediaNode {
  examples?: Record<string, { summary?: string; value: unknown }>;
}
type WriteOperation = DocumentedOperation & {
  requestBody?: { content?: Record<string, MediaNode> };
  responses?: Record<string, { content?: Record<string, MediaNode> }>;
};
type Paths = Record<string, Partial<Record<'get' | 'post' | 'patch', WriteOperation>>>;

/** A request whose body the document shows: where it goes, what it sends, what it must answer. */
interface RequestExample {
  template: string;
  method: 'post' | 'patch';
  name: string;
  summary: string;
  contentType: string;
  /** The example as the document shows it: an object for JSON, the text for NDJSON. */
  value: unknown;
  /** A PATCH's If-Match is the ETag this GET answers just before it is sent (earlier examples' writes move it). */
  etagOf?: string;
  expected: number;
}

/** What a write resource's examples are made of: its editable document (the life cycle's load) turned into bodies. */
interface WriteExamples<D> {
  plural: string;
  param: string;
  lifecycle: Pick<Lifecycle<D, never>, 'load' | 'key'>;
  /** A create body: the record as its own editable document, under a new key; and what the example says it is. */
  create: (document: D) => Record<string, unknown>;
  createSummary: (key: string) => string;
  /** A PATCH body changing one field. */
  patch: (document: D) => Record<string, unknown>;
}

/** The new key of a copy: a slug that no record of the briefing has. */
const copyOf = (id: string) => `${id}-copy`;

const statementExamples: WriteExamples<StatementDocument> = {
  plural: 'statements',
  param: 'id',
  lifecycle: statementLifecycle,
  createSummary: (id) => `The statement ${id} as its editable document, under a new id, with a source of its own`,
  create: ({ id, briefing: _briefing, paragraphs, ...fields }) => ({
    id: copyOf(id),
    ...fields,
    // Paragraphs are sent as number and text; the server finds their offsets.
    paragraphs: paragraphs.map(({ number, text }) => ({ number, text })),
    // The briefing's statements name the briefing as their source, which only an import sets; a statement added
    // through the API names its own. The seed holds no URL and the document must not make one up, so the example
    // names the briefing by its title at a placeholder address (RFC 2606), which a client replaces with the real one.
    source: { url: 'https://example.org/where-this-text-was-published', title: '経済安全保障政策' },
  }),
  patch: ({ titleEn }) => ({ titleEn: `${titleEn} (revised translation)` }),
};

const meetingExamples: WriteExamples<MeetingDocument> = {
  plural: 'meetings',
  param: 'id',
  lifecycle: meetingLifecycle,
  createSummary: (id) => `The meeting ${id} as its editable document, under a new id`,
  create: ({ id, ...fields }) => ({ id: copyOf(id), ...fields }),
  patch: ({ nameEn }) => ({ nameEn: `${nameEn} (revised translation)` }),
};

const partnerExamples: WriteExamples<PartnerDocument> = {
  plural: 'partners',
  param: 'code',
  lifecycle: partnerLifecycle,
  // A country's code is its ISO 3166-1 code, so a copy under a made-up code would not be one: the copy is a G7
  // member the briefing does not name, Germany, in the shape (and the groups) of the partner it is made from.
  createSummary: (code) => `Germany, a G7 member the briefing does not name, in the shape and groups of ${code}`,
  create: (document) => ({ ...document, code: 'DE', iso3166Alpha2: document.iso3166Alpha2 === null ? null : 'DE', nameJa: 'ドイツ', nameEn: 'Germany', shortNameJa: '独' }),
  patch: ({ nameEn }) => ({ nameEn: `${nameEn} (revised translation)` }),
};

const themeExamples: WriteExamples<ThemeDocument> = {
  plural: 'themes',
  param: 'id',
  lifecycle: themeLifecycle,
  createSummary: (id) => `The theme ${id} as its editable document, under a new id`,
  create: ({ id, ...fields }) => ({ id: copyOf(id), ...fields }),
  patch: ({ labelEn }) => ({ labelEn: `${labelEn} (revised translation)` }),
};

/** The create and PATCH of one resource, made from the record its item GET's "Try it out" reads. */
async function writeExamples<D>(app: FastifyInstance, db: AppDatabase, paths: Paths, spec: WriteExamples<D>): Promise<RequestExample[]> {
  const base = `/v1/${spec.plural}`;
  const item = `${base}/{${spec.param}}`;
  const url = paths[item]?.get && tryItOutUrl(item, paths[item].get);
  if (!url) throw new Error(`GET ${item} has no "Try it out" request; its record is the one the write examples are made from`);
  const read = await app.inject({ method: 'GET', url });
  if (read.statusCode !== 200) throw new Error(`GET ${url} answered ${read.statusCode}; the write examples are made from its record`);
  // The path parameter may be spelt otherwise than the key (partners: fr for FR); the answer has the key.
  const key = String((JSON.parse(read.body) as Record<string, unknown>)[spec.lifecycle.key]);
  const document = (await spec.lifecycle.load(db, key))?.document;
  if (!document) throw new Error(`${spec.plural} ${key} has no editable document`);
  const patch = spec.patch(document);
  return [
    { template: base, method: 'post', name: 'copy', summary: spec.createSummary(key), contentType: 'application/json', value: spec.create(document), expected: 201 },
    {
      template: item,
      method: 'patch',
      name: 'one-field',
      summary: `Changes ${Object.keys(patch).join(', ')} of ${key}; If-Match is the ETag of GET ${decodeURIComponent(url)}`,
      contentType: 'application/json',
      value: patch,
      etagOf: url,
      expected: 200,
    },
  ];
}

/**
 * dataset.json cut down to one statement and what it needs to be a file of its own: its meeting, the partners
 * and themes it and its meeting name (with their groups and parents), the themes of the briefing's approach, and
 * the briefing itself. An import of it leaves everything unchanged.
 */
function trimmedDataset(dataset: SeedDataset & { meta?: unknown }): unknown {
  const statement = dataset.statements[0]!;
  const meeting = dataset.meetings.find((m) => m.id === statement.meetingId)!;
  const partners = new Set([...statement.partnerCodes, ...meeting.partnerCodes]);
  for (let added = true; added; ) {
    const before = partners.size;
    for (const m of dataset.memberships) if (partners.has(m.memberCode)) partners.add(m.groupCode);
    added = partners.size > before;
  }
  const themes = new Set([...statement.themes.map((theme) => theme.themeId), ...dataset.briefing.approach.entries.map((entry) => entry.pillar)]);
  for (let added = true; added; ) {
    const before = themes.size;
    for (const theme of dataset.themes) if (themes.has(theme.id) && theme.parentId !== null) themes.add(theme.parentId);
    added = themes.size > before;
  }
  return {
    ...dataset,
    partners: dataset.partners.filter((p) => partners.has(p.code)),
    memberships: dataset.memberships.filter((m) => partners.has(m.memberCode)),
    themes: dataset.themes.filter((theme) => themes.has(theme.id)),
    meetings: [meeting],
    statements: [statement],
  };
}

/** The import bodies, made from what the exports write: the export → import round trip the import promises. */
async function importExamples(app: FastifyInstance): Promise<RequestExample[]> {
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}; the import examples are made from it`);
    return res.body;
  };
  const dataset = JSON.parse(normalised(await get('/v1/export/dataset.json'))) as SeedDataset;
  const exported = JSON.parse(normalised(await get('/v1/export/statements?format=json'))) as { meta: unknown; data: unknown[] };
  const lines = normalised(await get('/v1/export/statements?format=ndjson')).split('\n').slice(0, 2);
  return [
    {
      template: '/v1/import',
      method: 'post',
      name: 'dataset',
      summary: 'GET /v1/export/dataset.json, cut down to one statement and what it needs',
      contentType: 'application/json',
      value: trimmedDataset(dataset),
      expected: 200,
    },
    {
      template: '/v1/import',
      method: 'post',
      name: 'statement-export',
      summary: 'GET /v1/export/statements?format=json, cut down to its first statement',
      contentType: 'application/json',
      value: { ...exported, data: exported.data.slice(0, 1) },
      expected: 200,
    },
    {
      template: '/v1/import/statements',
      method: 'post',
      name: 'statement-export',
      summary: 'The first two lines of GET /v1/export/statements?format=ndjson',
      contentType: 'application/x-ndjson',
      value: `${lines.join('\n')}\n`,
      expected: 200,
    },
  ];
}

/**
 * The URL an example is sent to: the operation's own "Try it out" URL (its path and query examples), and an
 * import as a dry run whatever dryRun's example or default, so that it reports without writing.
 */
export function requestExampleUrl(template: string, operation: DocumentedOperation): string | undefined {
  const url = tryItOutUrl(template, operation);
  if (!url || !(operation.parameters ?? []).some((parameter) => parameter.in === 'query' && parameter.name === 'dryRun')) return url;
  const [path, search] = url.split('?') as [string, string | undefined];
  const query = new URLSearchParams(search);
  query.set('dryRun', 'true');
  return `${path}?${query.toString()}`;
}

/** Adds, in place, to each write of `document` its request examples and, where it has none, the answers to them. */
export async function addRequestExamples(app: FastifyInstance, db: AppDatabase, document: { paths?: Paths }): Promise<void> {
  const paths = document.paths ?? {};
  const { key } = await createApiKey(db, 'openapi request examples', ['admin']);
  // Every body is made before any is sent, from the briefing as seeded: no example shows another's write. The
  // imports (dry runs, which write nothing) are sent first, so that their reports are those of a server as seeded.
  const examples = [
    ...(await importExamples(app)),
    ...(await writeExamples(app, db, paths, statementExamples)),
    ...(await writeExamples(app, db, paths, meetingExamples)),
    ...(await writeExamples(app, db, paths, partnerExamples)),
    ...(await writeExamples(app, db, paths, themeExamples)),
  ];
  for (const example of examples) {
    const operation = paths[example.template]?.[example.method];
    const media = operation?.requestBody?.content?.[example.contentType];
    const url = operation && requestExampleUrl(example.template, operation);
    if (!media || !url) continue;
    const ifMatch = example.etagOf ? { 'if-match': String((await app.inject({ method: 'GET', url: example.etagOf })).headers.etag) } : {};
    const res = await app.inject({
      method: example.method === 'post' ? 'POST' : 'PATCH',
      url,
      headers: { authorization: `Bearer ${key}`, 'content-type': example.contentType, ...ifMatch },
      payload: typeof example.value === 'string' ? example.value : JSON.stringify(example.value),
    });
    if (res.statusCode !== example.expected) {
      throw new Error(`${example.method.toUpperCase()} ${url} (${example.name}) answered ${res.statusCode}, not ${example.expected}: ${res.body}`);
    }
    media.examples = { ...media.examples, [example.name]: { summary: example.summary, value: example.value } };
    const contentType = String(res.headers['content-type'] ?? '').split(';')[0]!;
    const answer = operation.responses?.[String(res.statusCode)]?.content?.[contentType];
    if (answer && !answer.examples?.[example.name]) {
      answer.examples = { ...answer.examples, [example.name]: { summary: `${example.method.toUpperCase()} ${decodeURIComponent(url)}`, value: exampleOf(contentType, res.body) } };
    }
  }
}

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/modules/api-keys/queries.js';
import { assertMatchesOpenApi } from '../helpers/openapi-contract.js';
import { changedTables } from '../helpers/reliability.js';
import { createTestApp, fingerprintOf, sqlRows, type TestContext } from '../helpers/test-app.js';
import { TEST_ENGINE } from '../helpers/test-engine.js';
import { signatureCountMismatches, signatureMismatches } from '../helpers/signatures.js';

/**
 * Property tests of every write route (#5, point 7): POST, PATCH, DELETE and …/restore of statements, meetings,
 * partners and themes, with random and hostile bodies — wrong types, nulls, huge strings around the body limit,
 * unknown fields, prototype-pollution keys, offsets out of range, impossible dates, unicode ids, raw non-JSON,
 * wrong content types — and hostile headers (no key, a read-only key, stale or weak If-Match).
 *
 * For every answer: never a 5xx; every error is a problem+json whose `status` is the answer's; the answer is one
 * the OpenAPI document promises; and never a partially applied write: an error leaves every table exactly as it
 * was (api_keys.last_used_at aside), and a success records exactly one revision. Afterwards the database is
 * consistent and Object.prototype is untouched.
 */

let ctx: TestContext;
let writer: string;
let reader: string;
let admin: string;
const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  ctx = await createTestApp();
  writer = (await createApiKey(ctx.db, 'property-writer', ['write'])).key;
  reader = (await createApiKey(ctx.db, 'property-reader', ['read'])).key;
  admin = (await createApiKey(ctx.db, 'property-admin', ['admin'])).key;
});
afterAll(() => ctx.close());

// ------------------------------------------------------------------------------------------- the data at hand

const MEETINGS: [string, string][] = [
  ['oecd-ministerial-council-2026', '2026-06-04'],
  ['japan-eu-high-level-economic-dialogue-2026', '2026-05-07'],
  ['g7-trade-ministers-meeting-2026', '2026-05-06'],
  ['japan-australia-summit-2026-05', '2026-05-04'],
  ['japan-france-summit-2026-04', '2026-04-01'],
  ['japan-us-summit-2026-03', '2026-03-19'],
  ['japan-canada-summit-2026-03', '2026-03-06'],
];
const STATEMENTS = [
  'oecd-ministerial-council-2026-chair-statement',
  'japan-eu-high-level-economic-dialogue-2026-joint-statement',
  'g7-trade-ministers-meeting-2026-statement',
  'japan-australia-summit-2026-05-joint-statement',
  'japan-france-summit-2026-04-joint-statement',
  'japan-us-summit-2026-03-news-release',
  'japan-canada-summit-2026-03-joint-statement',
];
const PARTNERS = ['JP', 'AU', 'FR', 'US', 'CA', 'EU', 'G7', 'OECD'];
const THEMES = [
  'critical-minerals', 'rare-earths', 'economic-coercion', 'export-controls', 'supply-chain-resilience', 'technology-leakage',
  'non-market-policies', 'overcapacity', 'critical-emerging-technologies', 'energy-security', 'dependency-reduction',
  'promotion', 'protection', 'partnership',
];
const TEXTS = [
  '重要鉱物の輸出管理について協力する。 経済的威圧に共に対処する。',
  'Japan and its partners reaffirm their cooperation on critical minerals.',
  '🙂 供給網の強靱化 🙂',
  'あ',
];

/** Ids created during the run, so that PATCH, DELETE and restore also meet records that did not exist before. */
const created: Record<Resource, string[]> = { statements: [], meetings: [], partners: [], themes: [] };

type Resource = 'statements' | 'meetings' | 'partners' | 'themes';
type Operation = 'create' | 'update' | 'delete' | 'restore';
const RESOURCES: Resource[] = ['statements', 'meetings', 'partners', 'themes'];
const OPERATIONS: Operation[] = ['create', 'update', 'delete', 'restore'];

// ------------------------------------------------------------------------------------------- hostile values

const HOSTILE_STRINGS = [
  '', ' ', '\t\n', '2026-02-30', '2026-13-01', '0000-00-00', '2026-2-3', '20260319', '2026-03-19T00:00:00Z', '9999-12-31', '+002026-03-19',
  'FR', 'fr', 'Ｆ Ｒ', 'G7', 'ZZ', 'japan-us-summit-2026-03', 'Export-Controls', 'a--b', '-a', 'a-', 'x'.repeat(121),
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '<script>alert(1)</script>', "' OR 1=1 --", '"; DROP TABLE statements; --',
  '\u0000', '\ud800', '\uffff', '\u202e', '🙂', 'ｅｘｐｏｒｔ', 'javascript:alert(1)', 'https://', 'ftp://example.org/x', 'https://example.org/x',
  'null', 'true', '1e309', 'NaN', '-1',
];
const HOSTILE_NUMBERS = [-1, -0, 0, 0.5, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 53) - 2, 1e308, -1e308, Number.MIN_VALUE];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'id', 'code', 'deletedAt', 'createdAt', 'briefing', 'updatedAt', '', ' ', 'ID', '$where', 'a.b', 'x'.repeat(300)];

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 10 }),
);

const hostileKey = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 8 }));

/** Objects are built with Object.fromEntries, so that `__proto__` is an own key and reaches the JSON as such. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileScalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.array(fc.tuple(hostileKey, tie('value')), { maxLength: 3 }).map((entries) => Object.fromEntries(entries)),
    // The classic pollution payloads.
    fc.constantFrom(
      Object.fromEntries([['__proto__', { polluted: 'yes' }]]),
      Object.fromEntries([['constructor', { prototype: { polluted: 'yes' } }]]),
      Object.fromEntries([['prototype', { polluted: 'yes' }]]),
    ),
  ),
})).value;

// ------------------------------------------------------------------------------------------- plausible bodies

const slug = fc.stringMatching(/^[a-z0-9]{1,10}(-[a-z0-9]{1,6}){0,2}$/);
const code = fc.stringMatching(/^[A-Z][A-Z0-9]{1,4}$/);
const label = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('経済安全保障', 'Economic security', ' padded '));
const date = fc.oneof(
  fc.constantFrom(...MEETINGS.map(([, d]) => d), '2026-02-30', '2026-02-28', '2024-02-29', '2025-02-29', '2026-06-03'),
  fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

/** A passage of `text`: found by the server, or at offsets that are right, off, negative, huge, inverted or not numbers. */
const passage = (text: string) =>
  fc
    .tuple(fc.nat({ max: Math.max(0, text.length - 1) }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('find', 'find', 'find', 'exact', 'exact', 'exact', 'negative', 'huge', 'inverted', 'shifted', 'half', 'float', 'string'))
    .map(([start, length, mode]) => {
      const end = Math.min(text.length, start + length);
      const passageText = text.slice(start, end) || text;
      switch (mode) {
        case 'find':
          return { text: passageText };
        case 'exact':
          return { text: passageText, start, end };
        case 'negative':
          return { text: passageText, start: -start - 1, end };
        case 'huge':
          return { text: passageText, start: 2 ** 31, end: 2 ** 31 + length };
        case 'inverted':
          return { text: passageText, start: end, end: start };
        case 'shifted':
          return { text: passageText, start: start + 1, end: end + 1 };
        case 'half':
          return { text: passageText, start };
        case 'float':
          return { text: passageText, start: start + 0.5, end };
        default:
          return { text: passageText, start: String(start), end: String(end) };
      }
    });

const statementFields = fc.constantFrom(...TEXTS).chain((text) =>
  fc.record(
    {
      meetingAndDate: fc.oneof(fc.constantFrom(...MEETINGS), fc.tuple(fc.oneof(slug, fc.constantFrom(...MEETINGS.map(([m]) => m))), date)),
      kind: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('chair_statement', 'joint_statement', 'news_release') }, { weight: 1, arbitrary: hostileScalar }),
      titleJa: label,
      titleEn: label,
      text: fc.constant(text),
      paragraphs: fc.oneof(
        fc.constant(text.split(' ').map((p) => ({ text: p }))),
        fc.constant([{ number: '15', text }]),
        fc.array(fc.record({ text: fc.string({ maxLength: 5 }) }), { maxLength: 3 }),
      ),
      highlights: fc.array(passage(text), { maxLength: 3 }),
      partners: fc.oneof(fc.subarray(PARTNERS, { minLength: 1 }), fc.array(fc.oneof(code, fc.constantFrom(...PARTNERS)), { maxLength: 3 })),
      themes: fc.array(fc.record({ themeId: fc.oneof(fc.constantFrom(...THEMES), slug), evidence: fc.array(passage(text), { minLength: 1, maxLength: 2 }) }), { maxLength: 3 }),
      source: fc.oneof(
        fc.constant(null),
        fc.record({ url: fc.constantFrom('https://example.org/statement', 'http://example.org/a?b=c', 'ftp://example.org/x', 'not a url'), title: fc.option(label) }),
      ),
    },
    ),
);
const statementBody = (create: boolean) =>
  fc.tuple(statementFields, fc.option(fc.oneof(slug, fc.constantFrom(...STATEMENTS)), { nil: undefined })).map(([fields, id]) => {
    const { meetingAndDate, ...rest } = fields;
    const body: Record<string, unknown> = { ...rest };
    if (meetingAndDate) [body.meetingId, body.date] = meetingAndDate;
    if (create && id !== undefined) body.id = id;
    return body;
  });

const meetingBody = (create: boolean) =>
  fc
    .record(
      {
        id: fc.oneof(slug, fc.constantFrom(...MEETINGS.map(([m]) => m))),
        kind: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('summit', 'ministerial_meeting', 'ministerial_council', 'high_level_dialogue') }, { weight: 1, arbitrary: hostileScalar }),
        nameJa: label,
        nameEn: label,
        startDate: date,
        endDate: date,
        representativeJa: fc.option(label),
        representativeEn: fc.option(label),
        partners: fc.oneof(fc.subarray(PARTNERS, { minLength: 1 }), fc.array(code, { maxLength: 3 })),
      },
    )
    .map(({ id, ...rest }) => (create ? { id, ...rest } : rest));

const partnerBody = (create: boolean) =>
  fc
    .record(
      {
        code: fc.oneof(code, fc.constantFrom(...PARTNERS)),
        kind: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('country', 'organization', 'group') }, { weight: 1, arbitrary: hostileScalar }),
        iso3166Alpha2: fc.option(fc.oneof(fc.stringMatching(/^[A-Z]{2}$/), fc.constantFrom('fr', 'FRA'))),
        nameJa: label,
        nameEn: label,
        shortNameJa: fc.option(fc.oneof(label, fc.constant('x'.repeat(21)))),
        memberOf: fc.array(
          fc.record({ groupCode: fc.oneof(fc.constantFrom('EU', 'G7', 'OECD', 'FR'), code), role: fc.constantFrom('member', 'non_enumerated_member', 'chair') }, { requiredKeys: ['groupCode'] }),
          { maxLength: 3 },
        ),
      },
    )
    .map(({ code: partnerCode, ...rest }) => (create ? { code: partnerCode, ...rest } : rest));

const themeBody = (create: boolean) =>
  fc
    .record(
      {
        id: fc.oneof(slug, fc.constantFrom(...THEMES)),
        kind: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('topic', 'approach') }, { weight: 1, arbitrary: hostileScalar }),
        parentId: fc.option(fc.oneof(fc.constantFrom(...THEMES), slug)),
        labelJa: label,
        labelEn: label,
        descriptionJa: label,
        descriptionEn: label,
      },
    )
    .map(({ id, ...rest }) => (create ? { id, ...rest } : rest));

const plausibleBody: Record<Resource, (create: boolean) => fc.Arbitrary<Record<string, unknown>>> = {
  statements: statementBody,
  meetings: meetingBody,
  partners: partnerBody,
  themes: themeBody,
};

// ------------------------------------------------------------------------------------------- valid bodies

/** A non-blank label, unique enough not to collide. */
const cleanLabel = fc.tuple(fc.constantFrom('経済安全保障', 'Economic security', '重要鉱物', 'Supply chains'), fc.nat({ max: 1_000_000 })).map(([l, n]) => `${l} ${n}`);
const freshSlug = fc.tuple(fc.constantFrom('prop', 'fresh', 'new'), fc.nat({ max: 1_000_000_000 })).map(([p, n]) => `${p}-${n.toString(36)}`);

/** Passages of `text` in order and without overlap, found by the server or at their exact offsets. */
const orderedPassages = (text: string) =>
  fc.uniqueArray(fc.nat({ max: text.length - 1 }), { maxLength: 3 }).chain((starts) => {
    const sorted = [...starts].sort((x, y) => x - y);
    const spans = sorted.map((start, i) => [start, Math.min(sorted[i + 1] ?? text.length, start + 4)] as const).filter(([a, b]) => b > a);
    // Surrogate pairs must not be cut, or the passage is not a substring the server can find the same way.
    const whole = spans.filter(([a, b]) => !/^[\udc00-\udfff]/.test(text.slice(a, b)) && !/[\ud800-\udbff]$/.test(text.slice(a, b)));
    return fc.tuple(...whole.map(([a, b]) => fc.constantFrom({ text: text.slice(a, b) }, { text: text.slice(a, b), start: a, end: b })));
  });

const validStatement = (create: boolean) =>
  fc.constantFrom(...TEXTS).chain((text) =>
    fc
      .record({
        id: freshSlug,
        meetingAndDate: fc.constantFrom(...MEETINGS),
        kind: fc.constantFrom('chair_statement', 'joint_statement', 'news_release'),
        titleJa: cleanLabel,
        titleEn: cleanLabel,
        paragraphs: fc.constantFrom(undefined, text.split(' ').map((p) => ({ text: p }))),
        highlights: orderedPassages(text),
        partners: fc.subarray(PARTNERS, { minLength: 1, maxLength: 3 }),
        themes: fc.uniqueArray(fc.constantFrom(...THEMES), { maxLength: 2 }).chain((ids) =>
          fc.tuple(...ids.map((themeId) => orderedPassages(text).filter((e) => e.length > 0).map((evidence) => ({ themeId, evidence })))),
        ),
        source: fc.record({ url: fc.constantFrom('https://example.org/statement', 'http://example.org/a?b=c'), title: fc.option(cleanLabel) }),
        keep: fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
      })
      .map(({ id, meetingAndDate, keep, paragraphs, ...rest }) => {
        const full: Record<string, unknown> = { ...(create ? { id } : {}), meetingId: meetingAndDate[0], date: meetingAndDate[1], text, ...rest };
        if (paragraphs) full.paragraphs = paragraphs;
        // A patch keeps some fields; one that changes the meeting also sends a date within it.
        if (create) return full;
        const patch = Object.fromEntries(Object.entries(full).filter((_, i) => keep[i]));
        if ('meetingId' in patch || 'date' in patch) Object.assign(patch, { meetingId: full.meetingId, date: full.date });
        return patch;
      }),
  );

const validMeeting = (create: boolean) =>
  fc
    .record({
      id: freshSlug,
      kind: fc.constantFrom('summit', 'ministerial_meeting', 'ministerial_council', 'high_level_dialogue'),
      nameJa: cleanLabel,
      nameEn: cleanLabel,
      days: fc.tuple(fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }), fc.nat({ max: 5 })),
      representative: fc.option(fc.tuple(cleanLabel, cleanLabel)),
      partners: fc.subarray(PARTNERS, { minLength: 1, maxLength: 3 }),
    })
    .map(({ id, days: [start, length], representative, ...rest }) => ({
      ...(create ? { id } : {}),
      ...rest,
      startDate: start.toISOString().slice(0, 10),
      endDate: new Date(start.getTime() + length * 86_400_000).toISOString().slice(0, 10),
      representativeJa: representative?.[0] ?? null,
      representativeEn: representative?.[1] ?? null,
    }));

const validPartner = (create: boolean) =>
  fc
    .oneof(
      fc.stringMatching(/^[A-Z]{2}$/).map((c) => ({ code: c, kind: 'country', iso3166Alpha2: c })),
      fc.stringMatching(/^[A-Z][A-Z0-9]{2,5}$/).chain((c) => fc.constantFrom({ code: c, kind: 'organization', iso3166Alpha2: null }, { code: c, kind: 'group', iso3166Alpha2: null })),
    )
    .chain((identity) =>
      fc.record({
        nameJa: cleanLabel,
        nameEn: cleanLabel,
        shortNameJa: fc.option(fc.constantFrom('略称', 'ＸＸ')),
        memberOf: fc.uniqueArray(fc.constantFrom('EU', 'G7', 'OECD'), { maxLength: 2 }).map((groups) => groups.map((groupCode) => ({ groupCode }))),
      }).map((rest) => {
        const { code: partnerCode, ...fields } = identity;
        // A patch cannot change the code, so it keeps the partner's kind (and ISO code) as they are.
        return create ? { code: partnerCode, ...fields, ...rest } : rest;
      }),
    );

const validTheme = (create: boolean) =>
  fc
    .record({
      id: freshSlug,
      kind: fc.constantFrom('topic', 'approach'),
      parentId: fc.option(fc.constantFrom('critical-minerals', 'rare-earths', 'export-controls', 'energy-security')),
      labelJa: cleanLabel,
      labelEn: cleanLabel,
      descriptionJa: cleanLabel,
      descriptionEn: cleanLabel,
    })
    .map(({ id, ...rest }) => (create ? { id, ...rest } : rest));

const validBody: Record<Resource, (create: boolean) => fc.Arbitrary<Record<string, unknown>>> = {
  statements: validStatement,
  meetings: validMeeting,
  partners: validPartner,
  themes: validTheme,
};

/** Changes to a plausible body: a field set to a hostile value, a field dropped, a key that has no business there. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: fc.oneof(fc.constantFrom('id', 'text', 'partners', 'themes', 'highlights', 'date', 'kind', 'nameEn', 'labelEn', 'memberOf', 'parentId'), hostileKey), value: hostileValue }),
  fc.record({ op: fc.constant('drop' as const), key: fc.constantFrom('id', 'code', 'text', 'partners', 'kind', 'nameJa', 'labelJa', 'date', 'startDate') }),
);

/** A string field grown to about `bytes` bytes of JSON: around the 1 MiB body limit, on either side of it. */
const huge = fc.record({
  key: fc.constantFrom('text', 'titleEn', 'nameEn', 'labelEn', 'descriptionJa', 'unknownField'),
  bytes: fc.integer({ min: 900_000, max: 1_200_000 }),
  unit: fc.constantFrom('a', 'あ', '😀', '\u0000', '"'),
});

interface Body {
  /** The JSON text sent. */
  json: string;
  /** How big it was meant to be, for huge bodies. */
  bytes?: number;
  [fc.toStringMethod]?: () => string;
}

function serialise(entries: [string, unknown][]): string {
  return JSON.stringify(Object.fromEntries(entries));
}

/** fast-check prints a counterexample's body cut short: a 1 MB string helps no one. */
function makeBody(json: string, bytes?: number): Body {
  return { json, ...(bytes === undefined ? {} : { bytes }), [fc.toStringMethod]: () => `Body(${json.length > 300 ? `${json.slice(0, 300)}… ${json.length} chars` : json})` };
}

const bodyFor = (resource: Resource, create: boolean): fc.Arbitrary<Body> =>
  fc.oneof(
    { weight: 30, arbitrary: validBody[resource](create).map((value) => makeBody(JSON.stringify(value))) },
    {
      weight: 30,
      arbitrary: fc.tuple(plausibleBody[resource](create), fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 })).map(([body, mutations, keep]) => {
        // A create sends every field; a patch some of them (possibly none).
        let entries = Object.entries(body).filter((_, i) => create || keep[i]);
        for (const m of mutations) {
          entries = entries.filter(([key]) => key !== m.key);
          if (m.op === 'set') entries.push([m.key, m.value]);
        }
        return makeBody(serialise(entries));
      }),
    },
    { weight: 4, arbitrary: hostileValue.map((value) => makeBody(JSON.stringify(value) ?? 'null')) },
    {
      weight: 2,
      arbitrary: fc.tuple(plausibleBody[resource](create), huge).map(([fields, { key, bytes, unit }]) => {
        const unitBytes = Buffer.byteLength(JSON.stringify(unit)) - 2;
        const value = unit.repeat(Math.floor(bytes / unitBytes));
        return makeBody(serialise([...Object.entries(fields).filter(([k]) => k !== key), [key, value]]), bytes);
      }),
    },
  );

// ------------------------------------------------------------------------------------------- requests

const IDS: Record<Resource, string[]> = {
  statements: STATEMENTS,
  meetings: MEETINGS.map(([m]) => m),
  partners: [...PARTNERS, 'fr', 'oecd'],
  themes: THEMES,
};
const HOSTILE_IDS = ['does-not-exist', 'ZZ', 'Ｆ', '🙂', '__proto__', 'constructor', 'prototype', '..', 'a%2Fb', 'x'.repeat(250), "1' OR '1'='1", ' ', 'null'];

/** How the path id is chosen: a seeded record, one created in the run, or something hostile. */
const pathId = fc.tuple(fc.constantFrom('seeded', 'seeded', 'created', 'hostile'), fc.nat(), fc.constantFrom(...HOSTILE_IDS));

const authVariant = fc.constantFrom('writer', 'writer', 'writer', 'writer', 'writer', 'writer', 'writer', 'writer', 'admin', 'reader', 'none', 'malformed', 'basic');
const ifMatchVariant = fc.constantFrom('current', 'current', 'star', 'star', 'none', 'stale', 'weak', 'garbage', 'list');
const queryVariant = fc.constantFrom('', '', '', '', '', '', '', '', '?lang=en', '?lang=ja', '?lang=xx', '?unknown=1', '?__proto__[x]=1', '?lang=en&lang=ja');

interface Sent {
  method: 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

function authHeader(variant: string): Record<string, string> {
  switch (variant) {
    case 'writer':
      return { authorization: `Bearer ${writer}` };
    case 'admin':
      return { authorization: `Bearer ${admin}` };
    case 'reader':
      return { authorization: `Bearer ${reader}` };
    case 'malformed':
      return { authorization: `Bearer ${writer.slice(0, -1)}` };
    case 'basic':
      return { authorization: 'Basic dXNlcjpwYXNz' };
    default:
      return {};
  }
}

async function ifMatchHeader(variant: string, itemUrl: string): Promise<Record<string, string>> {
  if (variant === 'none') return {};
  if (variant === 'star') return { 'if-match': '*' };
  if (variant === 'garbage') return { 'if-match': 'not-an-etag' };
  if (variant === 'stale') return { 'if-match': '"AAAAAAAAAAAAAAAAAAAAAAAAAAA"' };
  const res = await ctx.app.inject({ method: 'GET', url: itemUrl });
  const etag = typeof res.headers.etag === 'string' ? res.headers.etag : '"none"';
  if (variant === 'weak') return { 'if-match': `W/${etag}` };
  if (variant === 'list') return { 'if-match': `"other", ${etag}` };
  return { 'if-match': etag };
}

function idFor(resource: Resource, [kind, n, hostile]: [string, number, string]): string {
  const pool = kind === 'created' && created[resource].length > 0 ? created[resource] : kind === 'hostile' ? [hostile] : IDS[resource];
  return pool[n % pool.length]!;
}

// ------------------------------------------------------------------------------------------- the property

const revisionCount = async () => (await sqlRows<{ n: number }>(ctx.db, sql`SELECT count(*) AS n FROM revisions`))[0]!.n;
/**
 * Rows inserted, updated or deleted on the app's connection so far, rolled back or not. While it stands still
 * nothing can have changed, and the (slower) fingerprint of every table need not be taken again. PostgreSQL's
 * pooled connections keep no such count: there, every request is followed by a fingerprint.
 */
const totalChanges = () => (TEST_ENGINE === 'sqlite' ? (ctx.db.$client.prepare('SELECT total_changes() AS n').get() as { n: number }).n : undefined);
let snapshot: Map<string, string> | undefined;
const stats = new Map<string, number>();

/** Sends one request and checks everything the property promises about its answer. */
async function sendAndCheck(sent: Sent, hugeBytes?: number): Promise<LightMyRequestResponse> {
  const before = snapshot ?? (await fingerprintOf(ctx.db));
  const revisionsBefore = await revisionCount();
  const changesBefore = totalChanges();
  const res = await ctx.app.inject({ method: sent.method, url: sent.url, headers: sent.headers, payload: sent.payload });
  const what = `${sent.method} ${sent.url} (${sent.payload === undefined ? 'no body' : `${Buffer.byteLength(sent.payload)} bytes: ${sent.payload.slice(0, 300)}`}) → ${res.statusCode} ${res.body.slice(0, 500)}`;
  stats.set(`${sent.method} ${res.statusCode}`, (stats.get(`${sent.method} ${res.statusCode}`) ?? 0) + 1);

  expect(res.statusCode, what).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(String(res.headers['content-type']), what).toMatch(/^application\/problem\+json/);
    expect((JSON.parse(res.body) as { status: number }).status, what).toBe(res.statusCode);
  }
  // A body larger than the limit is refused before it is read (or refused for its path or key first).
  if (hugeBytes !== undefined && sent.payload !== undefined && Buffer.byteLength(sent.payload) > 1024 * 1024) {
    expect([401, 403, 404, 413, 414], what).toContain(res.statusCode);
  }
  // Routes that exist answer as the OpenAPI document says (a path that matches no route is a plain 404 problem,
  // which belongs to no operation).
  const routed = !(res.statusCode === 404 && res.body.includes('There is no resource at'));
  if (routed) {
    assertMatchesOpenApi({ method: sent.method, path: sent.url, status: res.statusCode, contentType: res.headers['content-type'] as string | undefined, text: res.body, headers: res.headers });
  }

  const changesAfter = totalChanges();
  const after = changesAfter !== undefined && changesAfter === changesBefore ? before : await fingerprintOf(ctx.db);
  if (res.statusCode >= 400) {
    // Never a partially applied write: nothing changed at all.
    expect(changedTables(before, after), what).toEqual([]);
  } else {
    // A write that succeeded is whole: exactly one revision records it.
    expect((await revisionCount()) - revisionsBefore, what).toBe(1);
    expect(changedTables(before, after), what).toContain('revisions');
  }
  snapshot = after;
  return res;
}

async function writeRequest(resource: Resource, operation: Operation, body: Body, id: [string, number, string], auth: string, ifMatch: string, query: string): Promise<void> {
  const target = idFor(resource, id);
  const item = `/v1/${resource}/${encodeURIComponent(target)}`;
  const headers: Record<string, string> = { ...authHeader(auth), 'content-type': 'application/json' };
  let sent: Sent;
  switch (operation) {
    case 'create':
      sent = { method: 'POST', url: `/v1/${resource}${query}`, headers, payload: body.json };
      break;
    case 'update':
      sent = { method: 'PATCH', url: `${item}${query}`, headers: { ...headers, ...(await ifMatchHeader(ifMatch, item)) }, payload: body.json };
      break;
    case 'delete':
      // A DELETE has no body to speak of; a hostile one must not matter (or be refused whole).
      sent = { method: 'DELETE', url: item, headers: { ...headers, ...(await ifMatchHeader(ifMatch, item)) }, payload: body.json.length < 10_000 ? body.json : undefined };
      if (sent.payload === undefined) delete sent.headers['content-type'];
      break;
    default:
      sent = { method: 'POST', url: `${item}/restore${query}`, headers, payload: body.json };
  }
  const res = await sendAndCheck(sent, body.bytes);
  if (operation === 'create' && res.statusCode === 201) {
    const location = String(res.headers.location);
    expect(location).toMatch(new RegExp(`^/v1/${resource}/`));
    expect((await ctx.app.inject({ method: 'GET', url: location })).statusCode).toBe(200);
    created[resource].push(decodeURIComponent(location.split('/').at(-1)!));
  }
  if (operation === 'delete' && res.statusCode === 204) {
    expect((await ctx.app.inject({ method: 'GET', url: item })).statusCode).toBe(404);
  }
}

describe('write routes (property)', () => {
  const NUM_RUNS = 150;

  it.each(RESOURCES)('%s: any body, any headers: never a 5xx, never a partial write', { timeout: 120_000 }, async (resource) => {
    await fc.assert(
      fc.asyncProperty(
        // Built once: an arbitrary built inside chain() would be rebuilt (regexes parsed again) for every run.
        fc.oneof(
          ...OPERATIONS.map((operation) => fc.tuple(fc.constant(operation), bodyFor(resource, operation === 'create'), pathId, authVariant, ifMatchVariant, queryVariant)),
        ),
        async ([operation, body, id, auth, ifMatch, query]) => writeRequest(resource, operation, body, id, auth, ifMatch, query),
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('raw bodies: not JSON, wrong content types, deep nesting, empty: never a 5xx, never a partial write', { timeout: 120_000 }, async () => {
    const deep = (n: number, open: string, close: string, inner = '1') => `{"text":${open.repeat(n)}${inner}${close.repeat(n)}}`;
    const rawPayload = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '', '{', '}', '{"a":', 'null', '[]', '"a string"', '1', 'true', '{"id":"x",}', "{'id':'x'}", '{"id":"x"}{"id":"y"}',
        '\ufeff{"labelEn":"BOM"}', '{"labelEn":"\\ud800"}', '{"labelEn":"\u0000"}', '{"__proto__":{"polluted":"yes"}}',
        '{"a":{"__proto__":{"polluted":"yes"}}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"\\u005f_proto__":{"polluted":"yes"}}',
        '{"labelEn":"a","labelEn":"b"}', 'id=x&kind=topic', '<theme><id>x</id></theme>', '{"partners":["FR"' + ',"FR"'.repeat(10_000) + ']}',
      ),
      fc.integer({ min: 1, max: 200_000 }).map((n) => deep(n, '[', ']')),
      fc.integer({ min: 1, max: 100_000 }).map((n) => deep(n, '{"a":', '}')),
    ).map((json) => makeBody(json));
    const contentType = fc.constantFrom(
      'application/json', 'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=latin1',
      'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/merge-patch+json',
      'application/jsonx', 'application/x-ndjson', '', 'none',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...RESOURCES),
        fc.constantFrom<Operation>('create', 'update', 'restore', 'delete'),
        rawPayload,
        contentType,
        pathId,
        ifMatchVariant,
        async (resource, operation, payload, type, id, ifMatch) => {
          const target = idFor(resource, id);
          const item = `/v1/${resource}/${encodeURIComponent(target)}`;
          const headers: Record<string, string> = { authorization: `Bearer ${writer}`, ...(type === 'none' ? {} : { 'content-type': type }) };
          const method = operation === 'update' ? 'PATCH' : operation === 'delete' ? 'DELETE' : 'POST';
          const url = operation === 'create' ? `/v1/${resource}` : operation === 'restore' ? `${item}/restore` : item;
          if (method !== 'POST') Object.assign(headers, await ifMatchHeader(ifMatch, item));
          await sendAndCheck({ method, url, headers, payload: payload.json });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('imports (admin): any body: never a 5xx, never a partial import', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/import', '/v1/import?dryRun=true', '/v1/import/statements', '/v1/import/statements?dryRun=false'),
        fc.oneof(hostileValue.map((v) => JSON.stringify(v) ?? 'null'), fc.string({ maxLength: 200 }), bodyFor('statements', true).map((b) => b.json)),
        fc.constantFrom('application/json', 'application/x-ndjson', 'text/plain'),
        fc.constantFrom('admin', 'admin', 'writer', 'none'),
        async (url, payload, type, auth) => {
          await sendAndCheck({ method: 'POST', url, headers: { ...authHeader(auth), 'content-type': type }, payload });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('the body limit: 1 MiB is read (and refused for its content), one byte more is a 413, on every route', async () => {
    const LIMIT = 1024 * 1024;
    const sized = (bytes: number, unit: string) => {
      const frame = '{"labelEn":""}';
      const unitBytes = Buffer.byteLength(unit);
      const fill = unit.repeat(Math.floor((bytes - frame.length) / unitBytes));
      return `{"labelEn":"${fill}${'a'.repeat(bytes - frame.length - Buffer.byteLength(fill))}"}`;
    };
    for (const resource of RESOURCES) {
      const item = `/v1/${resource}/${encodeURIComponent(IDS[resource][0]!)}`;
      const routes: [Sent['method'], string][] = [['POST', `/v1/${resource}`], ['PATCH', item], ['POST', `${item}/restore`], ['DELETE', item]];
      for (const [method, url] of routes) {
        for (const unit of ['a', 'あ', '😀']) {
          for (const bytes of [LIMIT, LIMIT + 1]) {
            const payload = sized(bytes, unit);
            expect(Buffer.byteLength(payload)).toBe(bytes);
            const headers = { authorization: `Bearer ${writer}`, 'content-type': 'application/json', 'if-match': '"stale"' };
            const res = await sendAndCheck({ method, url, headers, payload }, bytes);
            if (bytes > LIMIT) expect(res.statusCode, `${method} ${url} ${bytes} bytes`).toBe(413);
            else expect(res.statusCode, `${method} ${url} ${bytes} bytes`).not.toBe(413);
          }
        }
      }
    }
  });

  /**
   * The router refuses a path parameter longer than maxParamLength (200) with a 414 problem before any route
   * runs. The write operations document 414; the reads of the same records (GET /v1/{resource}/{id} and
   * …/revisions) do not, so a client generated from the document meets an undocumented status there. (Ids are at
   * most 120 characters, partner codes 20, so 121–200 characters give a documented 400.)
   */
  it('an id longer than the router accepts gets an answer the OpenAPI document describes', async () => {
    const findings: string[] = [];
    for (const resource of RESOURCES) {
      const item = `/v1/${resource}/${'x'.repeat(201)}`;
      const requests: [string, string][] = [['PATCH', item], ['DELETE', item], ['POST', `${item}/restore`], ['GET', item], ['GET', `${item}/revisions`]];
      for (const [method, url] of requests) {
        const res = await ctx.app.inject({ method: method as 'GET', url, headers: { authorization: `Bearer ${writer}`, 'if-match': '*', 'content-type': 'application/json' }, payload: method === 'GET' ? undefined : '{}' });
        expect(res.statusCode).toBeLessThan(500);
        try {
          assertMatchesOpenApi({ method, path: url, status: res.statusCode, contentType: res.headers['content-type'] as string | undefined, text: res.body, headers: res.headers });
        } catch (err) {
          findings.push(`${method} /v1/${resource}/x…(201)${url.endsWith('restore') ? '/restore' : url.endsWith('revisions') ? '/revisions' : ''} → ${res.statusCode}: ${(err as Error).message.split('\n')[0]!.split(': ').slice(1).join(': ')}`);
        }
      }
    }
    expect(findings).toEqual([]);
  });

  it('leaves a consistent database and an unpolluted Object.prototype', async () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    if (TEST_ENGINE === 'sqlite') {
      // PostgreSQL checks its foreign keys at every write, and its triggers' signatures are proved on insert, update
      // and delete by tests/reliability/postgres-migrations.test.ts.
      const client = ctx.db.$client;
      expect(client.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(client.pragma('foreign_key_check')).toEqual([]);
      // The signature columns the triggers keep still agree with the link tables.
      expect(signatureMismatches(client)).toEqual([]);
      expect(signatureCountMismatches(client)).toEqual([]);
    }
    // Every statement is whole: paragraphs, partners and a search document.
    const broken = await sqlRows<{ id: string }>(
      ctx.db,
      sql`SELECT id FROM statements s WHERE NOT EXISTS (SELECT 1 FROM statement_paragraphs p WHERE p.statement_id = s.id)
             OR NOT EXISTS (SELECT 1 FROM statement_partners p WHERE p.statement_id = s.id)
             OR NOT EXISTS (SELECT 1 FROM statement_search_docs d WHERE d.statement_id = s.id)`,
    );
    expect(broken).toEqual([]);
    // Every record written through the API has its history.
    for (const [resource, table, key] of [
      ['statement', 'statements', 'id'],
      ['meeting', 'meetings', 'id'],
      ['partner', 'partners', 'code'],
      ['theme', 'themes', 'id'],
    ] as const) {
      const missing = await sqlRows<{ resource_id: string }>(
        ctx.db,
        sql`SELECT resource_id FROM revisions r WHERE resource = ${resource} AND NOT EXISTS (SELECT 1 FROM ${sql.identifier(table)} t WHERE ${sql.identifier('t')}.${sql.identifier(key)} = r.resource_id)`,
      );
      expect(missing, `${resource} revisions without a record`).toEqual([]);
    }
    // The run did exercise successes and refusals alike (otherwise it proved little).
    const statuses = [...stats.keys()].map((k) => Number(k.split(' ')[1]));
    for (const status of [200, 201, 204, 400, 401, 403, 404, 412, 413, 415, 422, 428]) expect(statuses, JSON.stringify([...stats])).toContain(status);
  });
});

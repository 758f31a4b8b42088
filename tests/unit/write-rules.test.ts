import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOutcome, liveIds, referencedMessage } from '../../src/db/lifecycle.js';
import type { AppDatabase } from '../../src/db/sqlite/client.js';
import type { MeetingDocument, PartnerDocument, StatementDocument, ThemeDocument } from '../../src/modules/curation/documents.js';
import {
  draftMeeting,
  draftPartner,
  draftStatement,
  draftTheme,
  meetingViolations,
  partnerViolations,
  placeHighlights,
  placeParagraphs,
  placePassage,
  slugify,
  statementViolations,
  themeViolations,
  type Violation,
} from '../../src/modules/curation/rules.js';
import { dependencyOrder } from '../../src/modules/imports/queries.js';
import { closeTestDatabase, createSeededDatabase, runSql } from '../helpers/test-app.js';

/**
 * The rules of the write API, called directly: no HTTP, and no database except for liveIds. tests/api/writes.test.ts
 * checks the same rules through the routes; these pin each one down on its own, with its exact message.
 */

const names = (violations: Violation[]) => violations.map((v) => v.name);
const text = 'Alpha beta gamma. Delta beta epsilon.';

const statement: StatementDocument = {
  id: 's',
  meetingId: 'm',
  kind: 'joint_statement',
  date: '2026-04-01',
  titleJa: 'タイトル',
  titleEn: 'Title',
  text,
  paragraphs: [
    { number: null, text: 'Alpha beta gamma.', start: 0, end: 17 },
    { number: null, text: 'Delta beta epsilon.', start: 18, end: 37 },
  ],
  highlights: [{ text: 'gamma', start: 11, end: 16 }],
  partners: ['FR'],
  themes: [{ themeId: 'critical-minerals', evidence: [{ text: 'Delta', start: 18, end: 23 }] }],
  source: { url: 'https://example.org', title: null },
  briefing: null,
};

describe('passages', () => {
  it('are placed at their offsets, which must hold their text', () => {
    const violations: Violation[] = [];
    expect(placePassage(text, { text: 'beta', start: 6, end: 10 }, 0, '/p', violations)).toEqual({ text: 'beta', start: 6, end: 10 });
    expect(placePassage(text, { text: 'beta', start: 5, end: 9 }, 0, '/p', violations)).toBeNull();
    expect(placePassage(text, { text: 'beta', start: 6 }, 0, '/q', violations)).toBeNull();
    expect(violations).toEqual([
      { in: 'body', name: '/p', message: "text.slice(5, 9) is not the passage's text" },
      { in: 'body', name: '/q', message: 'give both start and end, or neither' },
    ]);
  });

  it('without offsets, at their first occurrence from a point', () => {
    const violations: Violation[] = [];
    expect(placePassage(text, { text: 'beta' }, 0, '/p', violations)).toEqual({ text: 'beta', start: 6, end: 10 });
    expect(placePassage(text, { text: 'beta' }, 10, '/p', violations)).toEqual({ text: 'beta', start: 24, end: 28 });
    expect(placePassage(text, { text: 'Alpha' }, 10, '/p', violations)).toBeNull();
    expect(placePassage(text, { text: 'zeta' }, 0, '/z', violations)).toBeNull();
    expect(violations.map((v) => v.message)).toEqual(['is not part of the statement text after the previous passage', 'is not part of the statement text']);
  });

  it('highlights go in order, each after the previous one, without overlapping', () => {
    const violations: Violation[] = [];
    expect(placeHighlights(text, [{ text: 'beta' }, { text: 'beta' }], violations)).toEqual([
      { text: 'beta', start: 6, end: 10 },
      { text: 'beta', start: 24, end: 28 },
    ]);
    placeHighlights(text, [{ text: 'gamma' }, { text: 'Alpha beta', start: 0, end: 10 }], violations);
    expect(violations).toEqual([{ in: 'body', name: '/highlights/1', message: 'highlights must be in order and must not overlap' }]);
  });

  it('paragraphs joined by single spaces give the text back', () => {
    const violations: Violation[] = [];
    expect(placeParagraphs(text, [{ text: 'Alpha beta gamma.' }, { number: '2', text: 'Delta beta epsilon.' }], violations)).toEqual([
      { number: null, text: 'Alpha beta gamma.', start: 0, end: 17 },
      { number: '2', text: 'Delta beta epsilon.', start: 18, end: 37 },
    ]);
    expect(violations).toEqual([]);
    expect(placeParagraphs(text, [{ text: 'Alpha beta gamma.' }], violations)).toEqual([]);
    expect(names(violations)).toEqual(['/paragraphs']);
  });

  it('a statement without an id gets a slug of its date and title', () => {
    expect(slugify('2026-04-01 Japan–France: Economic & Security!')).toBe('2026-04-01-japan-france-economic-security');
    expect(slugify('日仏')).toBe('');
    expect(slugify(`x ${'a'.repeat(100)}`)).toHaveLength(80);
  });
});

describe('statements', () => {
  const facts = { meeting: { startDate: '2026-04-01', endDate: '2026-04-02' }, livePartners: new Set(['FR']), liveThemes: new Set(['critical-minerals']) };

  it('a patch that changes the text finds the stored passages again in it', () => {
    const changed = `Intro. ${text}`;
    const { draft, violations } = draftStatement('s', statement, { text: changed, paragraphs: [{ text: 'Intro.' }, { text: 'Alpha beta gamma.' }, { text: 'Delta beta epsilon.' }] });
    expect(violations).toEqual([]);
    expect(draft.highlights).toEqual([{ text: 'gamma', start: 18, end: 23 }]);
    expect(draft.themes[0]!.evidence).toEqual([{ text: 'Delta', start: 25, end: 30 }]);
    expect(draft.paragraphs.map((p) => p.start)).toEqual([0, 7, 25]);
  });

  it('a changed text that loses the paragraphs or passages is refused, naming each', () => {
    const { violations } = draftStatement('s', statement, { text: 'Something else.' });
    expect(names(violations)).toEqual(['/highlights/0', '/themes/0/evidence/0', '/paragraphs']);
    expect(violations[2]!.message).toBe('the text changed and its paragraphs no longer match: send paragraphs too');
  });

  it('a new statement is one paragraph unless told otherwise; partners are unique and sorted', () => {
    const { draft } = draftStatement('n', null, { ...statement, paragraphs: undefined, highlights: [], partners: ['US', 'FR', 'US'], source: null });
    expect(draft.paragraphs).toEqual([{ number: null, text, start: 0, end: text.length }]);
    expect(draft.partners).toEqual(['FR', 'US']);
    expect(draft.briefing).toBeNull();
    expect(draftStatement('n', statement, { briefing: { briefingId: 'b', sourceHeadingJa: null, sourceLineNumber: 3, citedSourceId: 'c' } }).draft.briefing?.briefingId).toBe('b');
  });

  it('its meeting, dates, partners, themes and source are checked, in that order', () => {
    expect(statementViolations(statement, facts)).toEqual([]);
    const draft = { ...statement, date: '2026-05-01', partners: ['FR', 'ZZ'], source: null, themes: [...statement.themes, { themeId: 'nope', evidence: [] }, { themeId: 'nope', evidence: [] }] };
    expect(statementViolations(draft, facts)).toEqual([
      { in: 'body', name: '/date', message: "must fall within the meeting's dates (2026-04-01 to 2026-04-02)" },
      { in: 'body', name: '/partners', message: 'there is no partner ZZ' },
      { in: 'body', name: '/themes/1/themeId', message: 'there is no theme nope' },
      { in: 'body', name: '/themes/2/themeId', message: 'there is no theme nope' },
      { in: 'body', name: '/themes/2/themeId', message: 'theme nope is listed twice' },
      { in: 'body', name: '/source', message: 'a statement that does not come from a briefing needs its own source (url)' },
    ]);
    expect(statementViolations(statement, { ...facts, meeting: null })).toEqual([{ in: 'body', name: '/meetingId', message: 'there is no meeting m' }]);
    expect(statementViolations({ ...statement, source: null, briefing: { briefingId: 'b', sourceHeadingJa: null, sourceLineNumber: null, citedSourceId: 'c' } }, facts)).toEqual([]);
  });
});

describe('meetings', () => {
  const meeting: MeetingDocument = draftMeeting('m', null, { kind: 'summit', nameJa: '会談', nameEn: 'Summit', startDate: '2026-04-01', endDate: '2026-04-01', partners: ['US', 'FR', 'FR'] });

  it('a patch keeps what it does not name; nulls clear', () => {
    expect(meeting.partners).toEqual(['FR', 'US']);
    expect(meeting.representativeJa).toBeNull();
    const patched = draftMeeting('m', { ...meeting, representativeJa: '大臣', representativeEn: 'Minister' }, { representativeJa: null, endDate: '2026-04-02' });
    expect(patched).toMatchObject({ nameEn: 'Summit', representativeJa: null, representativeEn: 'Minister', endDate: '2026-04-02' });
  });

  it('dates in order, the representative in both languages, live partners, its statements inside its dates', () => {
    expect(meetingViolations(meeting, { livePartners: new Set(['FR', 'US']), statementsOutside: [] })).toEqual([]);
    const broken = { ...meeting, startDate: '2026-04-03', representativeJa: '大臣' };
    expect(meetingViolations(broken, { livePartners: new Set(['FR']), statementsOutside: ['a', 'b'] })).toEqual([
      { in: 'body', name: '/endDate', message: 'must not be before startDate (2026-04-03)' },
      { in: 'body', name: '/representativeEn', message: 'give the representative in both languages, or in neither' },
      { in: 'body', name: '/partners', message: 'there is no partner US' },
      { in: 'body', name: '/startDate', message: 'statements of this meeting would fall outside its dates: a, b' },
    ]);
  });
});

describe('partners', () => {
  const germany: PartnerDocument = draftPartner('DE', null, { kind: 'country', iso3166Alpha2: 'DE', nameJa: 'ドイツ', nameEn: 'Germany', memberOf: [{ groupCode: 'G7' }, { groupCode: 'EU', role: 'non_enumerated_member' }] });

  it('memberships default to member and are sorted by group', () => {
    expect(germany.memberOf).toEqual([
      { groupCode: 'EU', role: 'non_enumerated_member' },
      { groupCode: 'G7', role: 'member' },
    ]);
    expect(partnerViolations(germany, { liveGroups: new Set(['EU', 'G7']), below: [] })).toEqual([]);
  });

  it("a country's code is its ISO code; only countries have one", () => {
    expect(partnerViolations({ ...germany, iso3166Alpha2: 'DD' }, { liveGroups: new Set(['EU', 'G7']), below: [] })).toEqual([
      { in: 'body', name: '/iso3166Alpha2', message: "a country's code is its ISO 3166-1 alpha-2 code: must be DE" },
    ]);
    expect(names(partnerViolations({ ...germany, kind: 'group' }, { liveGroups: new Set(['EU', 'G7']), below: [] }))).toEqual(['/iso3166Alpha2']);
  });

  it('groups exist, are not itself, not below it, and are listed once', () => {
    const memberOf = ['DE', 'EU', 'EU', 'NOPE', 'QUAD'].map((groupCode) => ({ groupCode, role: 'member' as const }));
    expect(partnerViolations({ ...germany, memberOf }, { liveGroups: new Set(['DE', 'EU', 'QUAD']), below: ['QUAD'] }).map((v) => `${v.name} ${v.message}`)).toEqual([
      '/memberOf/0/groupCode a partner cannot belong to itself',
      '/memberOf/2/groupCode EU is listed twice',
      '/memberOf/3/groupCode there is no partner NOPE',
      '/memberOf/4/groupCode QUAD is a member of DE: memberships cannot go round in a circle',
    ]);
  });
});

describe('themes', () => {
  const theme: ThemeDocument = draftTheme('chips', null, { kind: 'topic', parentId: 'tech', labelJa: '半導体', labelEn: 'Chips', descriptionJa: '。', descriptionEn: '.' });

  it('a patch may clear the parent', () => {
    expect(draftTheme('chips', theme, { parentId: null }).parentId).toBeNull();
    expect(draftTheme('chips', theme, { labelEn: 'Semiconductors' })).toMatchObject({ parentId: 'tech', labelEn: 'Semiconductors' });
  });

  it('the parent exists, is not itself and not below it', () => {
    expect(themeViolations(theme, { parentLive: true, ancestors: ['tech'] })).toEqual([]);
    expect(themeViolations({ ...theme, parentId: null }, { parentLive: false, ancestors: [] })).toEqual([]);
    expect(themeViolations({ ...theme, parentId: 'chips' }, { parentLive: true, ancestors: [] })[0]!.message).toBe('a theme cannot be its own parent');
    expect(themeViolations(theme, { parentLive: false, ancestors: [] })[0]!.message).toBe('there is no theme tech');
    expect(themeViolations(theme, { parentLive: true, ancestors: ['tech', 'chips'] })[0]!.message).toBe('tech is below chips: themes cannot go round in a circle');
  });
});

describe('the life cycle', () => {
  it('a delete is refused while anything live points at the record, naming at most five of each', () => {
    expect(referencedMessage('The theme x', [{ noun: 'statement(s)', ids: [] }])).toBeNull();
    expect(referencedMessage('The partner FR', [
      { noun: 'statement(s)', ids: ['a', 'b', 'c', 'd', 'e', 'f'] },
      { noun: 'meeting(s)', ids: [] },
      { noun: 'member(s)', ids: ['X'] },
    ])).toBe('The partner FR is still referenced by 6 statement(s) (a, b, c, d, e, …) and 1 member(s) (X): change or delete those first.');
  });

  it('an import leaves alone a live record that already holds the document, and brings back a deleted one', () => {
    const doc = { id: 'x', list: [1, 2] };
    expect(importOutcome(null, doc)).toBe('created');
    expect(importOutcome({ document: { id: 'x', list: [1, 2] }, deletedAt: null }, doc)).toBe('unchanged');
    expect(importOutcome({ document: { id: 'x', list: [2, 1] }, deletedAt: null }, doc)).toBe('updated');
    expect(importOutcome({ document: { id: 'x', list: [1, 2] }, deletedAt: '2026-01-01T00:00:00.000Z' }, doc)).toBe('updated');
  });

  it('an import writes what others depend on first, and stops at a circle', () => {
    const items = [
      { id: 'c', dependsOn: ['b'] },
      { id: 'b', dependsOn: ['a', 'elsewhere'] },
      { id: 'a', dependsOn: [] },
      { id: 'x', dependsOn: ['y'] },
      { id: 'y', dependsOn: ['x'] },
    ];
    expect(dependencyOrder(items, (i) => i.id, (i) => i.dependsOn).map((i) => i.id)).toEqual(['a', 'b', 'c', 'y', 'x']);
  });

  describe('liveIds', () => {
    let db: AppDatabase;
    beforeAll(async () => {
      db = await createSeededDatabase();
    });
    afterAll(() => closeTestDatabase(db));

    it('keeps the live records among keys, sorted, and leaves out the deleted and the unknown', async () => {
      await runSql(db, sql`UPDATE partners SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE code = 'US'`);
      expect(await liveIds(db, 'partner', ['US', 'FR', 'ZZ', 'EU'])).toEqual(['EU', 'FR']);
      expect(await liveIds(db, 'theme', [])).toEqual([]);
    });

    it('or those that meet a condition on their table', async () => {
      const ids = await liveIds(db, 'statement', sql`meeting_id = ${'japan-france-summit-2026-04'}`);
      expect(ids).toEqual(['japan-france-summit-2026-04-joint-statement']);
      expect(await liveIds(db, 'meeting', sql`id IN (SELECT meeting_id FROM meeting_partners WHERE partner_code = ${'US'})`)).toEqual(['japan-us-summit-2026-03']);
    });
  });
});

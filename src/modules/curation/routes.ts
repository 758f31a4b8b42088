import type { FastifyPluginAsync } from 'fastify';
import { meetingLifecycle, partnerLifecycle, themeLifecycle } from './catalogue-writes.js';
import type { AppDatabase } from '../../db/engine.js';
import { getMeeting } from '../meetings/queries.js';
import { getPartner } from '../partners/queries.js';
import { statementLifecycle } from './statement-writes.js';
import { getStatement } from '../statements/load.js';
import { getTheme } from '../themes/queries.js';
import { meetingIdParamsSchema, meetingSchema } from '../meetings/schemas.js';
import { partnerCodeParamsSchema, partnerSchema } from '../partners/schemas.js';
import { statementIdParamsSchema, statementSchema } from '../statements/schemas.js';
import { themeIdParamsSchema, themeSchema } from '../themes/schemas.js';
import {
  meetingCreateSchema,
  meetingPatchSchema,
  partnerCreateSchema,
  partnerPatchSchema,
  statementCreateSchema,
  statementPatchSchema,
  themeCreateSchema,
  themePatchSchema,
} from './schemas.js';
import { registerWriteRoutes } from './write-routes.js';

/** Curation: the write routes of the four editable resources, all behind an API key with the write scope. */
export const writeRoutes: FastifyPluginAsync<{ db: AppDatabase }> = async (app, { db }) => {
  registerWriteRoutes(app, db, {
    plural: 'statements',
    paramsSchema: statementIdParamsSchema,
    itemSchema: statementSchema,
    createSchema: statementCreateSchema,
    patchSchema: statementPatchSchema,
    describe: {
      create:
        'Adds a statement with its partners, themes (each with evidence), highlights and paragraphs. Passages are ' +
        'exact substrings of `text`: give their offsets, or let the server find them. A statement not transcribed ' +
        'from a briefing needs its own `source`. Every rule broken is listed in one 422.',
      update: 'When `text` changes, highlights and evidence are found again in the new text, or the change is refused (422).',
      delete: 'Deletes a statement.',
    },
    read: getStatement,
    lifecycle: statementLifecycle,
  });

  registerWriteRoutes(app, db, {
    plural: 'meetings',
    paramsSchema: meetingIdParamsSchema,
    itemSchema: meetingSchema,
    createSchema: meetingCreateSchema,
    patchSchema: meetingPatchSchema,
    describe: {
      create: 'Adds a meeting with its partners.',
      update: 'Dates must keep every statement of the meeting inside them.',
      delete: 'Deletes a meeting; 409 while statements point to it.',
    },
    read: getMeeting,
    lifecycle: meetingLifecycle,
  });

  registerWriteRoutes(app, db, {
    plural: 'partners',
    paramsSchema: partnerCodeParamsSchema,
    itemSchema: partnerSchema,
    createSchema: partnerCreateSchema,
    patchSchema: partnerPatchSchema,
    describe: {
      create: 'Adds a country (its code is its ISO 3166-1 alpha-2 code), organisation or group, with the groups it belongs to.',
      update: 'Memberships (memberOf) are replaced whole and may not go round in a circle.',
      delete: 'Deletes a partner; 409 while statements, meetings or members point to it.',
    },
    read: getPartner,
    lifecycle: partnerLifecycle,
  });

  registerWriteRoutes(app, db, {
    plural: 'themes',
    paramsSchema: themeIdParamsSchema,
    itemSchema: themeSchema,
    createSchema: themeCreateSchema,
    patchSchema: themePatchSchema,
    describe: {
      create: 'Adds a theme to the vocabulary, optionally under a parent.',
      update: 'The parent must exist and may not be one of its own descendants.',
      delete: 'Deletes a theme; 409 while statements, child themes or a briefing’s approach point to it.',
    },
    read: getTheme,
    lifecycle: themeLifecycle,
  });
};

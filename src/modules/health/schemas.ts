import { z } from 'zod';

export const livenessSchema = z
  .object({ status: z.literal('ok').describe('The process is up and serving requests.') })
  .meta({ id: 'Liveness' });

export const readinessSchema = z
  .object({
    status: z.literal('ok'),
    database: z.literal('ok').describe('The database answered a query.'),
    seedVersion: z.string().nullable().describe('The newest seed version applied to the database, or null.'),
  })
  .meta({ id: 'Readiness' });

import { z } from 'zod';

/** One failing input of a 400: where it is, which one, and what is wrong with it. */
export const problemFieldErrorSchema = z
  .object({
    in: z.enum(['query', 'path', 'body', 'header']).describe('Where the failing input was sent.'),
    name: z.string().describe('The parameter or JSON pointer of the failing input, e.g. "limit" or "/text".'),
    message: z.string().describe('What is wrong with it.'),
  })
  .meta({ id: 'ProblemFieldError' });

/** RFC 9457 problem details: the body of every error answer. */
export const problemSchema = z
  .object({
    type: z.string().describe('A URI reference naming the kind of problem.').meta({ example: '/problems/invalid-parameters' }),
    title: z.string().describe('Short summary of the kind of problem.').meta({ example: 'Invalid request parameters' }),
    status: z.int().describe('The HTTP status code.').meta({ example: 400 }),
    detail: z.string().describe('What went wrong with this request.'),
    instance: z.string().describe('The path of the request that failed.').meta({ example: '/v1/statements?limit=0' }),
    requestId: z.string().describe('The request id, also in the X-Request-Id header and in the server logs.'),
    errors: z.array(problemFieldErrorSchema).optional().describe('For invalid input: one entry per failing input.'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, served as application/problem+json.' });

export type Problem = z.infer<typeof problemSchema>;
export type ProblemFieldError = z.infer<typeof problemFieldErrorSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Response schemas for the error statuses every route can answer with. */
export function problemResponses<const S extends number>(...statuses: S[]): Record<S, typeof problemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, problemSchema])) as Record<S, typeof problemSchema>;
}

import { z } from 'zod';

/** One failing input of a 400: where it is, which one, and what is wrong with it. */
export const problemFieldErrorSchema = z
  .object({
    in: z.enum(['query', 'path', 'body', 'header']).describe('Where the failing input was sent.'),
    name: z.string().describe('The parameter or JSON pointer of the failing input, e.g. "limit" or "/text".'),
    message: z.string().describe('What is wrong with it.'),
  })
  .meta({ id: 'ProblemFieldError' });

/**
 * RFC 9457 problem details: the body of every error answer. No example on the schema: it is shared by every
 * status, and each problem response carries an example of its own status (src/platform/openapi-problem-examples.ts).
 */
export const problemSchema = z
  .object({
    type: z.string().describe('A URI reference naming the kind of problem.'),
    title: z.string().describe('Short summary of the kind of problem.'),
    status: z.int().describe('The HTTP status code.'),
    detail: z.string().describe('What went wrong with this request.'),
    instance: z.string().describe('The path of the request that failed.'),
    requestId: z.string().describe('The request id, also in the X-Request-Id header and in the server logs.'),
    errors: z.array(problemFieldErrorSchema).optional().describe('For invalid input: one entry per failing input.'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details, served as application/problem+json.' });

export type Problem = z.infer<typeof problemSchema>;
export type ProblemFieldError = z.infer<typeof problemFieldErrorSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An error response documented as application/problem+json. */
export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: problemSchema } } };
}

const JSON_CONTENT_TYPE = 'application/json';

/**
 * A success response documented as application/json with its own sentence: a bare zod schema would be published
 * as "Default Response" (@fastify/swagger cannot see the description of a schema it only knows as a $ref).
 * Fastify serialises it exactly as a bare schema: the reply's media type is application/json.
 */
export function jsonResponse<S extends z.ZodType>(description: string, schema: S) {
  return { description, content: { [JSON_CONTENT_TYPE]: { schema } } };
}

/** 304 has no body: a null schema is how @fastify/swagger documents a response without content. */
export const notModifiedResponse = z
  .null()
  .describe('Not Modified: the If-None-Match (or If-Modified-Since) of the request still holds; no body.');

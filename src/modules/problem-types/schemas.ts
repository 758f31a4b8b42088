import { z } from 'zod';
import { problemTypeNames } from '../../platform/problem-types.js';
import { problemTypeIndex, problemTypePage } from './pages.js';

/** The schemas of GET /problems and GET /problems/{name}; the examples are the pages themselves, made from the registry. */

export const problemTypeParamsSchema = z.object({
  name: z
    .string()
    .describe(`The name of the problem type: the last segment of a problem's \`type\`. One of: ${problemTypeNames.join(', ')}.`)
    .meta({ examples: ['invalid-parameters'] }),
});

export const problemTypeSchema = z
  .object({
    type: z.string().describe('The `type` URI of the problems of this kind: this resource.'),
    name: z.string().describe('The last segment of `type`.'),
    status: z.int().min(400).max(599).describe('The HTTP status the problems of this kind are answered with.'),
    title: z.string().describe('The `title` of the problems of this kind.'),
    description: z.string().describe('What happened and what to do about it, for a client developer (Markdown).'),
  })
  .meta({ id: 'ProblemType', examples: [problemTypePage('invalid-parameters')['application/json']] });

export const problemTypeListSchema = z
  .object({ items: z.array(problemTypeSchema).describe('Every problem type, in the order of the registry.') })
  .meta({ id: 'ProblemTypeList' });

/** A 200 in each of the three forms a page comes in. */
export function pageResponse(description: string, json: z.ZodType, example: 'index' | 'page') {
  const forms = example === 'index' ? problemTypeIndex() : problemTypePage('invalid-parameters');
  return {
    description,
    content: {
      'text/markdown': { schema: z.string().meta({ examples: [forms['text/markdown']] }) },
      'text/html': { schema: z.string().meta({ examples: [forms['text/html']] }) },
      'application/json': { schema: json },
    },
  };
}

import type { z } from 'zod';
import { queryWireForms } from '../schemas/query.js';

/** What zod's JSON Schema generation hands an override: the zod schema and its JSON Schema, to change in place. */
interface OverrideContext {
  zodSchema: unknown;
  jsonSchema: Record<string, unknown>;
}

/** zod writes these bounds on every z.int(): the safe-integer range, which says nothing about the field. */
const SAFE_INTEGER_BOUNDS = { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER } as const;

/**
 * The document's JSON Schemas as a client needs them, given to zod's generation as its `override`:
 * - a query parameter parsed from text (a number, a boolean, a list) is written as what it means
 *   (queryWireForms in src/schemas/query.ts), not as the string it arrives as;
 * - an integer shows the bounds it has, not the safe-integer range zod adds to each;
 * - a union drops the empty branches zod leaves for what JSON cannot show (as fastify-type-provider-zod's own
 *   override does, which this one replaces).
 */
export function documentedJsonSchema({ zodSchema, jsonSchema }: OverrideContext): void {
  const wireForm = queryWireForms.get(zodSchema as z.ZodType);
  if (wireForm) {
    for (const key of Object.keys(jsonSchema)) delete jsonSchema[key];
    Object.assign(jsonSchema, structuredClone(wireForm));
    return;
  }
  if (jsonSchema.type === 'integer') {
    for (const [bound, value] of Object.entries(SAFE_INTEGER_BOUNDS)) if (jsonSchema[bound] === value) delete jsonSchema[bound];
  }
  if (Array.isArray(jsonSchema.anyOf)) jsonSchema.anyOf = jsonSchema.anyOf.filter((branch) => Object.keys(branch as object).length > 0);
}

interface ParameterObject {
  in?: string;
  schema?: { type?: unknown };
  style?: string;
  explode?: boolean;
}

/**
 * A list in a query is sent as the parameter repeated (kind=a&kind=b), which OpenAPI calls `style: form,
 * explode: true`: said on every array parameter, so that generators and proxies send and accept that form.
 */
export function declareListStyle(paths: unknown): void {
  for (const item of Object.values((paths ?? {}) as Record<string, Record<string, { parameters?: ParameterObject[] }>>)) {
    for (const operation of Object.values(item)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query' && parameter.schema?.type === 'array') Object.assign(parameter, { style: 'form', explode: true });
      }
    }
  }
}

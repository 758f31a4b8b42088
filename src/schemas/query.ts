import { z } from 'zod';
import { isoDateSchema, partnerCodeSchema } from './common.js';

/**
 * Query-string parsing shared by every list endpoint: one definition of a comma-separated list, of limit,
 * cursor, sort and lang, so that every list behaves alike. Route query schemas are strict objects built
 * with `listQuerySchema`, so an unknown (mistyped) parameter is a 400 that names it.
 */

export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;

export const languages = ['ja', 'en'] as const;
export const langSchema = z.enum(languages);
export type Lang = z.infer<typeof langSchema>;

/**
 * What a query parameter is on the wire, for the document. A query string carries text, so the parameters that mean
 * a number, a boolean or a list are parsed from strings here (strictly: 1e3 is not a limit, yes is not a boolean);
 * zod would document them as those strings. Each such parameter is registered with the schema of what it means,
 * which the OpenAPI generation writes in its place (src/platform/openapi-wire-forms.ts): `limit` is an integer
 * from 1 to 100, `bom` a boolean, `kind` an array of kinds, so that generated clients and validating proxies
 * accept exactly what the server does.
 */
export const queryWireForms = new WeakMap<z.ZodType, Record<string, unknown>>();

function documentedAs<T extends z.ZodType>(schema: T, wireForm: Record<string, unknown>): T {
  queryWireForms.set(schema, wireForm);
  return schema;
}

/** The JSON Schema of a list's item as a client writes it (what the split hands the item schema). */
function itemWireForm(item: z.ZodType): Record<string, unknown> {
  const { $schema: _schema, id: _id, ...json } = z.toJSONSchema(item, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}

/**
 * `a,b,c` or the parameter repeated (the query parser joins repeats with commas, src/app.ts) → ['a', 'b', 'c'];
 * each value checked by `item`; OR semantics. Documented as an array (`style: form, explode: true`, the repeated
 * form); the comma form is the same list.
 */
export function csvParam<T extends z.ZodType>(item: T, description: string, example: string) {
  // The item schemas take strings (enums take particular strings): the cast states what the split feeds them.
  const items = z.array(item).min(1, 'must list at least one value') as unknown as z.ZodType<z.output<T>[], string[]>;
  const list = z
    .string()
    .max(2000)
    .transform((value) => [...new Set(value.split(',').map((part) => part.trim()))])
    .pipe(items);
  return documentedAs(list, { type: 'array', minItems: 1, items: itemWireForm(item), examples: [example.split(',')] })
    .optional()
    .describe(`${description} Several values match any of them (OR): repeat the parameter (a=x&a=y) or separate them with commas (a=x,y).`);
}

/** A partner code in a query, in any letter case (fr is FR). */
export const partnerCodeParam = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]{1,9}$/, 'must be a partner code such as FR, EU or OECD')
  .transform((code) => code.toUpperCase())
  .pipe(partnerCodeSchema);

/** Digits only, so that 1e3, 0x10, Infinity and 1e309 are rejected rather than coerced. */
function wholeNumber(min: number, max: number, fallback: number) {
  const parsed = z
    .string()
    .regex(/^\d{1,6}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
  return documentedAs(parsed, { type: 'integer', minimum: min, maximum: max, default: fallback, examples: [fallback] });
}

export const limitParam = wholeNumber(1, LIST_LIMIT_MAX, LIST_LIMIT_DEFAULT)
  .optional()
  .describe(`How many items per page, 1 to ${LIST_LIMIT_MAX} (default ${LIST_LIMIT_DEFAULT}).`);

/** `true` or `false`, nothing else (not 1, yes or on): a parameter that is absent is `fallback`. */
export function booleanParam(description: string, fallback: boolean, example: boolean) {
  const parsed = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((value) => value === 'true');
  return documentedAs(parsed, { type: 'boolean', default: fallback, examples: [example] })
    .optional()
    .transform((value) => value ?? fallback)
    .describe(description);
}

export const cursorParam = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a nextCursor value returned by this endpoint')
  .optional()
  // No example: a cursor only works with the page it came from, and "Try it out" sends every example.
  .describe('Opaque cursor from `nextCursor` of the previous page. Only valid with the same filters and sort.');

export const langParam = langSchema
  .optional()
  .describe('Language of labels (names, titles, kinds): ja (default) or en. Without it, Accept-Language decides. Statement bodies stay Japanese.')
  .meta({ examples: ['en'] });

export function sortParam<const K extends readonly [string, ...string[]]>(keys: K, defaultKey: string, description: string) {
  const values = keys.flatMap((key) => [key, `-${key}`]) as [string, ...string[]];
  return z
    .enum(values)
    .optional()
    .describe(`${description} Prefix with - for descending. Default ${defaultKey}. Ties are broken by id, in the same direction.`)
    .meta({ examples: [defaultKey], default: defaultKey });
}

export const fromParam = isoDateSchema.optional().describe('Only items dated on or after this day (YYYY-MM-DD, inclusive).').meta({ examples: ['2026-04-01'] });
export const toParam = isoDateSchema.optional().describe('Only items dated on or before this day (YYYY-MM-DD, inclusive).').meta({ examples: ['2026-06-30'] });

export const updatedSinceParam = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 timestamp such as 2026-06-15T00:00:00Z' })
  .meta({ examples: ['2026-06-15T00:00:00Z'] })
  .transform((value) => new Date(value).toISOString())
  .optional()
  .describe('Only items created or changed at or after this instant (ISO 8601), for incremental sync.');

export const partnerMatchParam = z
  .enum(['groups', 'direct'])
  .optional()
  .describe(
    'How `partner` matches: groups (default) also matches statements of the groups and organisations the partner belongs to (FR → the G7, EU and OECD statements too); direct matches only the partner itself.',
  )
  .meta({ examples: ['groups'], default: 'groups' });

/** Common list parameters plus the endpoint's own filters, strict: unknown parameters are rejected. */
export function listQuerySchema<const S extends z.ZodRawShape, const K extends readonly [string, ...string[]]>(
  filters: S,
  sort: { keys: K; default: K[number] | `-${K[number]}`; description: string },
) {
  return z
    .strictObject({
      ...filters,
      sort: sortParam(sort.keys, sort.default, sort.description),
      limit: limitParam,
      cursor: cursorParam,
      lang: langParam,
    })
    .superRefine(checkDateRange);
}

/** from must not come after to; used by every query that has both. */
export function checkDateRange(query: object, ctx: z.RefinementCtx): void {
  const { from, to } = query as { from?: string; to?: string };
  if (from && to && from > to) ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${from})` });
}

/** Item endpoints take only `lang`. */
export const itemQuerySchema = z.strictObject({ lang: langParam });

export interface SortSpec {
  key: string;
  descending: boolean;
}

export function parseSort(value: string | undefined, defaultValue: string): SortSpec {
  const raw = value ?? defaultValue;
  return raw.startsWith('-') ? { key: raw.slice(1), descending: true } : { key: raw, descending: false };
}

/**
 * The request Swagger UI's "Try it out" sends for a GET of the document: every path and query parameter
 * filled with its example, or else its schema's default. Shared by the Try-it-out test (which proves the
 * examples work together on the seeded briefing) and by the document's generation (which asks the app
 * these URLs and records the answers as response examples).
 */

interface DocumentedParameter {
  in: string;
  name: string;
  example?: unknown;
  schema?: { default?: unknown };
}

export interface DocumentedOperation {
  parameters?: DocumentedParameter[];
}

/** The values Swagger UI sends: one per item of a list (the parameter repeated, `explode: true`). */
function filled(parameter: DocumentedParameter): string[] | undefined {
  const value = parameter.example ?? parameter.schema?.default;
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The URL "Try it out" calls for `template` (e.g. /v1/statements/{id}); undefined when a path parameter has no example. */
export function tryItOutUrl(template: string, operation: DocumentedOperation): string | undefined {
  let path = template;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters ?? []) {
    const values = filled(parameter);
    if (parameter.in === 'path') {
      if (values === undefined) return undefined;
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(values.join(',')));
    } else if (parameter.in === 'query' && values !== undefined) {
      for (const value of values) query.append(parameter.name, value);
    }
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

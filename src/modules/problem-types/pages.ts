import { STATUS_CODES } from 'node:http';
import { problemTypeNames, problemTypes, problemTypeUri, type ProblemTypeName } from '../../platform/problem-types.js';

/**
 * The pages of the problem types, made from the registry (src/platform/problem-types.ts) in three forms: Markdown
 * for terminals and scripts, HTML for browsers (no script, style or image: the API's CSP, default-src 'none',
 * allows nothing else), and JSON for code. They never change while the server runs, so each is made once.
 */

export interface ProblemTypeDocument {
  type: string;
  name: ProblemTypeName;
  status: number;
  title: string;
  description: string;
}

export function problemTypeDocument(name: ProblemTypeName): ProblemTypeDocument {
  const { status, title, description } = problemTypes[name];
  return { type: problemTypeUri(name), name, status, title, description };
}

const ABOUT_PROBLEMS =
  'Every error answer of econsec-api is an RFC 9457 problem document (`application/problem+json`) with `type` (the URI of a page like this one), ' +
  '`title`, `status`, `detail` (what went wrong with this very request), `instance` (the path requested) and `requestId` ' +
  '(also in the `X-Request-Id` header; quote it when you report a fault).';

function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? ''}`.trim();
}

function markdownPage(name: ProblemTypeName): string {
  const { type, status, title, description } = problemTypeDocument(name);
  return [
    `# ${status} ${title}`,
    `Problem type \`${type}\`, answered with HTTP status ${statusLine(status)}.`,
    description,
    '## The problem document',
    ABOUT_PROBLEMS,
    'All problem types: [/problems](/problems) · The API: [/docs](/docs)',
  ].join('\n\n') + '\n';
}

function markdownIndex(): string {
  return [
    '# Problem types',
    'The kinds of problem econsec-api answers with; each `type` URI opens its page.',
    problemTypeNames.map((name) => `- [${problemTypes[name].status} ${problemTypes[name].title}](${problemTypeUri(name)})`).join('\n'),
    ABOUT_PROBLEMS,
  ].join('\n\n') + '\n';
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The registry's texts as HTML paragraphs: blank lines separate paragraphs, `backticks` are code. */
function htmlParagraphs(text: string): string {
  return text
    .split('\n\n')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('\n');
}

function htmlDocument(title: string, body: string): string {
  return (
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeHtml(title)} · econsec-api</title>\n</head>\n<body>\n<main>\n${body}\n</main>\n` +
    '<footer><p><a href="/problems">All problem types</a> · <a href="/docs">The API</a></p></footer>\n</body>\n</html>\n'
  );
}

function htmlPage(name: ProblemTypeName): string {
  const { type, status, title, description } = problemTypeDocument(name);
  return htmlDocument(
    `${status} ${title}`,
    `<h1>${status} ${escapeHtml(title)}</h1>\n` +
      `<p>Problem type <code>${escapeHtml(type)}</code>, answered with HTTP status ${escapeHtml(statusLine(status))}.</p>\n` +
      `${htmlParagraphs(description)}\n<h2>The problem document</h2>\n${htmlParagraphs(ABOUT_PROBLEMS)}`,
  );
}

function htmlIndex(): string {
  const items = problemTypeNames
    .map((name) => `<li><a href="${problemTypeUri(name)}">${problemTypes[name].status} ${escapeHtml(problemTypes[name].title)}</a></li>`)
    .join('\n');
  return htmlDocument(
    'Problem types',
    `<h1>Problem types</h1>\n${htmlParagraphs('The kinds of problem econsec-api answers with; each `type` URI opens its page.')}\n` +
      `<ul>\n${items}\n</ul>\n${htmlParagraphs(ABOUT_PROBLEMS)}`,
  );
}

/** The media types a page comes in, in the order preferred when the client has no preference (curl's Accept: *\/*). */
export const PAGE_MEDIA_TYPES = ['text/markdown', 'text/html', 'application/json'] as const;
export type PageMediaType = (typeof PAGE_MEDIA_TYPES)[number];

export interface PageForms {
  'text/markdown': string;
  'text/html': string;
  'application/json': unknown;
}

const pages = new Map<ProblemTypeName, PageForms>(
  problemTypeNames.map((name) => [name, { 'text/markdown': markdownPage(name), 'text/html': htmlPage(name), 'application/json': problemTypeDocument(name) }]),
);

export function problemTypePage(name: ProblemTypeName): PageForms {
  return pages.get(name)!;
}

const index: PageForms = {
  'text/markdown': markdownIndex(),
  'text/html': htmlIndex(),
  'application/json': { items: problemTypeNames.map(problemTypeDocument) },
};

export function problemTypeIndex(): PageForms {
  return index;
}

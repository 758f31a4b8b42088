import type { Lang } from '../schemas/query.js';

/**
 * Picks ja or en from an Accept-Language header (RFC 9110 §12.5.4): the supported language with the highest
 * q-value, ties going to the order the client listed; ja when the header names neither.
 */
export function negotiateLanguage(header: string | undefined): Lang {
  if (!header) return 'ja';
  let best: { lang: Lang; q: number } | null = null;
  for (const part of header.split(',').slice(0, 50)) {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const lang: Lang | null = primary === 'ja' || primary === 'en' ? primary : null;
    if (lang && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? 'ja';
}

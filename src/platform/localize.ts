import { kindLabels } from '../schemas/common.js';
import type { Lang } from '../schemas/query.js';

/** Picks the label of the requested language; Japanese is the fallback, being the language of the source. */
export function pick(lang: Lang, ja: string, en: string | null | undefined): string;
export function pick(lang: Lang, ja: string | null, en: string | null | undefined): string | null;
export function pick(lang: Lang, ja: string | null, en: string | null | undefined): string | null {
  return lang === 'en' && en ? en : ja;
}

export function kindLabel<G extends keyof typeof kindLabels>(group: G, kind: keyof (typeof kindLabels)[G], lang: Lang): string {
  const labels = kindLabels[group][kind] as { ja: string; en: string };
  return labels[lang];
}

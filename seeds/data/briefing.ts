import type { SeedDataset } from '../../src/schemas/seed.js';

/**
 * The briefing 経済安全保障政策 (2026-06-15), seeds/source/000_98cf546138f55289.txt.
 * Japanese strings are copied from the source file character for character (tests/unit/transcription.test.ts
 * parses the source and compares). English strings are our translations of labels, never of bodies.
 */
export const briefing: SeedDataset['briefing'] = {
  id: 'economic-security-policy-2026-06-15',
  titleJa: '経済安全保障政策',
  titleEn: 'Economic Security Policy',
  date: '2026-06-15',
  issuerJa: '貿易経済安全保障局総務課',
  issuerEn: 'General Affairs Division, Trade and Economic Security Bureau',
  sourceFile: '000_98cf546138f55289.txt',
  sourceSha256: '8b7d621e41da9936d7ce212d644a759007793ee84bf320c79c20d4ec85e0a741',
  statementsSectionTitleJa: '経済安全保障に係る同志国との共同ステートメント、ニュースリリース',
  citedSources: [
    {
      // Source line 17, without its list marker "- ". The asterisks are the source's italics markup.
      id: 'usgs-rare-earths-2010',
      role: 'chart_source',
      citationText: '採鉱 = USGS, *Rare Earths Statistics and Information*, 2010',
      appliesToJa: '採鉱',
      author: 'USGS',
      title: 'Rare Earths Statistics and Information',
      year: 2010,
    },
    {
      // Source line 18.
      id: 'crs-rare-earth-elements-2013',
      role: 'chart_source',
      citationText: '分離・精製 = Congressional Research Service, *Rare Earth Elements: The Global Supply Chain*, 2013',
      appliesToJa: '分離・精製',
      author: 'Congressional Research Service',
      title: 'Rare Earth Elements: The Global Supply Chain',
      year: 2013,
    },
    {
      // Source line 22: the note under the chart. The briefing gives no year for the IEA piece.
      id: 'iea-export-controls-critical-minerals',
      role: 'note_source',
      citationText:
        '※IEA 『With new export controls on critical minerals, supply concentration risks become reality』によると、2005年頃に中国は焼結永久磁石の世界生産の約50%を占めていたとされている。',
      appliesToJa: '焼結永久磁石の世界生産',
      author: 'IEA',
      title: 'With new export controls on critical minerals, supply concentration risks become reality',
      year: null,
    },
    {
      // Source line 50: the source of every statement in the table.
      id: 'ministry-press-releases',
      role: 'statements_source',
      citationText: '(資料) 各省プレスリリースより作成',
      appliesToJa: null,
      author: null,
      title: null,
      year: null,
    },
  ],
  lesson: {
    id: 'rare-earth-shock-2010',
    titleJa: '歴史を振り返る（例：2010年のレアアース・ショック）',
    titleEn: 'Looking back at history (example: the 2010 rare-earth shock)',
    // The share chart itself is an image: only its caption is in the source, so no shares are stored.
    chartCaptionJa: '2010年頃の 世界シェア（イメージ）',
    chartSourcesLabelJa: '出典：',
    chartSourceIds: ['usgs-rare-earths-2010', 'crs-rare-earth-elements-2013', 'iea-export-controls-critical-minerals'],
    responseLabelJa: '当時の対応',
    challengeLabelJa: '課題',
    stages: [
      {
        id: 'upstream',
        nameJa: '上流（採鉱、分離・精製）',
        nameEn: 'Upstream (mining, separation and refining)',
        responseMeasureJa: 'レアアースについて、供給源多角化のための鉱山開発や製錬への出資を実施。',
        responseOutcomeJa: '供給源多角化により中国依存度が低減。',
        challengeJa: '他方、レアアース途絶が解消した後に採算が悪化した案件も。',
      },
      {
        id: 'midstream-downstream',
        nameJa: '中下流（永久磁石、部品）',
        nameEn: 'Midstream and downstream (permanent magnets, components)',
        responseMeasureJa: '補助金により、「省レアアース化」や「リサイクル」を推進。',
        responseOutcomeJa: '省レアアース等が進展。',
        challengeJa: '生産に必要な十分な量のレアアースを確保できない状況を踏まえ、その川下の工程の海外移転が進んだ可能性。',
      },
    ],
  },
  approach: {
    sectionTitleJa: '経済安全保障政策のアプローチ',
    // Three blocks separated by blank lines in the source (lines 32–33, 35–36, 38).
    entries: [
      {
        id: 'promotion-technology-and-investment',
        groupNumber: 1,
        pillar: 'promotion',
        lineText: 'Promotion (技術開発支援、投資支援等)',
        measuresText: '技術開発支援、投資支援等',
        measures: ['技術開発支援', '投資支援等'],
      },
      {
        id: 'protection-export-investment-technology',
        groupNumber: 1,
        pillar: 'protection',
        lineText: 'Protection (輸出管理、投資管理、技術管理等)',
        measuresText: '輸出管理、投資管理、技術管理等',
        measures: ['輸出管理', '投資管理', '技術管理等'],
      },
      {
        id: 'promotion-alternative-sourcing',
        groupNumber: 2,
        pillar: 'promotion',
        lineText: 'Promotion (代替調達先開発支援等)',
        measuresText: '代替調達先開発支援等',
        measures: ['代替調達先開発支援等'],
      },
      {
        id: 'protection-demand-side',
        groupNumber: 2,
        pillar: 'protection',
        lineText: 'Protection (需要サイドの対応等)',
        measuresText: '需要サイドの対応等',
        measures: ['需要サイドの対応等'],
      },
      {
        id: 'partnership-public-private-international',
        groupNumber: 3,
        pillar: 'partnership',
        lineText: 'Partnership (官民連携、国際連携)',
        measuresText: '官民連携、国際連携',
        measures: ['官民連携', '国際連携'],
      },
    ],
  },
};

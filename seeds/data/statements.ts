import type { SeedDataset } from '../../src/schemas/seed.js';

/**
 * The seven entries of 経済安全保障に係る同志国との共同ステートメント、ニュースリリース (source lines 42–48).
 *
 * `text` is the body cell with the <p> and <u> tags removed and nothing else touched: the paragraph numbers,
 * the single space between paragraphs, the elision 「…」 and the original wording (「もたらす得る」) stay.
 * `highlights` are the <u> passages in order; the loader finds their offsets.
 * `date` is the day the statement was issued: the meeting's day, or for the two-day OECD meeting its last
 * day, when a chair's statement is issued.
 *
 * Kinds, decided from the text itself:
 * - chair_statement: the heading says 議長声明.
 * - joint_statement: the body speaks for all sides at once, in plain form: first person plural (我々は) or
 *   both sides as subject (両首脳は, 四者は, 双方は) — wording agreed by both, as in a joint statement.
 * - news_release: the body is in the polite です/ます form (一致しました) and elides text (…): a Japanese
 *   government readout of the meeting, not an agreed text.
 */
export const statements: SeedDataset['statements'] = [
  {
    id: 'oecd-ministerial-council-2026-chair-statement',
    meetingId: 'oecd-ministerial-council-2026',
    kind: 'chair_statement',
    date: '2026-06-04',
    titleJa: 'OECD閣僚理事会 議長声明',
    titleEn: "OECD Ministerial Council Meeting: Chair's Statement",
    sourceHeadingJa: '2026/6/3~6/4 OECD閣僚理事会 議長声明 (井野副大臣)',
    sourceLineNumber: 42,
    citedSourceId: 'ministry-press-releases',
    text: '15. より緊密な協力により、リスク評価、緩和措置及び必要に応じて協調的な対応を通じて、技術の流出に関連するリスクへの対処が可能となる。 19. 非市場的政策及び市場歪曲的慣行は、多くのエコノミーのいくつかのセクターにおける過剰生産と供給の過度な集中を助長してきた。公平な競争条件を回復するために、これらの課題への対処が引き続き重要である。特に、重要鉱物について、サプライチェーンの途絶を招くおそれがある恣意的な輸出規制を通じたものを含む経済的威圧は、経済安全保障及び経済的強靭性を損なうものであり、引き続き深刻な懸念となっている。',
    paragraphs: [
      {
        number: '15',
        text: '15. より緊密な協力により、リスク評価、緩和措置及び必要に応じて協調的な対応を通じて、技術の流出に関連するリスクへの対処が可能となる。',
      },
      {
        number: '19',
        text: '19. 非市場的政策及び市場歪曲的慣行は、多くのエコノミーのいくつかのセクターにおける過剰生産と供給の過度な集中を助長してきた。公平な競争条件を回復するために、これらの課題への対処が引き続き重要である。特に、重要鉱物について、サプライチェーンの途絶を招くおそれがある恣意的な輸出規制を通じたものを含む経済的威圧は、経済安全保障及び経済的強靭性を損なうものであり、引き続き深刻な懸念となっている。',
      },
    ],
    highlights: [
      'リスク評価、緩和措置及び必要に応じて協調的な対応を通じて、技術の流出に関連するリスクへの対処が可能となる。',
      '重要鉱物について、サプライチェーンの途絶を招くおそれがある恣意的な輸出規制を通じたものを含む経済的威圧は、経済安全保障及び経済的強靭性を損なうものであり、引き続き深刻な懸念となっている。',
    ],
    partnerCodes: ['OECD'],
    themes: [
      { themeId: 'technology-leakage', evidence: ['技術の流出に関連するリスクへの対処'] },
      { themeId: 'non-market-policies', evidence: ['非市場的政策及び市場歪曲的慣行'] },
      { themeId: 'overcapacity', evidence: ['過剰生産と供給の過度な集中'] },
      { themeId: 'critical-minerals', evidence: ['重要鉱物について、サプライチェーンの途絶を招くおそれがある'] },
      { themeId: 'export-controls', evidence: ['恣意的な輸出規制'] },
      { themeId: 'economic-coercion', evidence: ['恣意的な輸出規制を通じたものを含む経済的威圧'] },
      { themeId: 'supply-chain-resilience', evidence: ['サプライチェーンの途絶を招くおそれがある', '経済的強靭性を損なう'] },
      { themeId: 'protection', evidence: ['リスク評価、緩和措置及び必要に応じて協調的な対応'] },
      { themeId: 'partnership', evidence: ['より緊密な協力により'] },
    ],
  },
  {
    id: 'japan-eu-high-level-economic-dialogue-2026-joint-statement',
    meetingId: 'japan-eu-high-level-economic-dialogue-2026',
    kind: 'joint_statement',
    date: '2026-05-07',
    titleJa: '日EUハイレベル経済対話',
    titleEn: 'Japan-EU High-Level Economic Dialogue',
    sourceHeadingJa: '2026/5/7 日EUハイレベル経済対話 (赤澤大臣)',
    sourceLineNumber: 43,
    citedSourceId: 'ministry-press-releases',
    text: '四者は、第三国によって使用されるあらゆる形態の経済的威圧に対する懸念を表明した。特に、四者は近年の不当な輸出規制の拡大に対して遺憾の意を表明するとともに、戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように、輸出管理措置が厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調した。また、四者は、有害な過剰生産及び市場歪曲をもたらす非市場的政策・慣行の使用に対する深刻な懸念を表明した。 四者は、重要・新興技術の促進及び保護に係る、より緊密な関与の必要性を強調しつつ、格上げされた「経済安全保障及び関連する新たな貿易・経済問題に関する作業部会」の下で、日・EU間の協力を強化することで一致した。この協力は、技術移転のリスク評価、リスク軽減措置、協調的な対応、民間セクター及び技術保有者との体系的な連携における共同の取組を促進するものである。双方は、この協力をG7及びその他の同志国においても推進することを目指す。',
    paragraphs: [
      {
        number: null,
        text: '四者は、第三国によって使用されるあらゆる形態の経済的威圧に対する懸念を表明した。特に、四者は近年の不当な輸出規制の拡大に対して遺憾の意を表明するとともに、戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように、輸出管理措置が厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調した。また、四者は、有害な過剰生産及び市場歪曲をもたらす非市場的政策・慣行の使用に対する深刻な懸念を表明した。',
      },
      {
        number: null,
        text: '四者は、重要・新興技術の促進及び保護に係る、より緊密な関与の必要性を強調しつつ、格上げされた「経済安全保障及び関連する新たな貿易・経済問題に関する作業部会」の下で、日・EU間の協力を強化することで一致した。この協力は、技術移転のリスク評価、リスク軽減措置、協調的な対応、民間セクター及び技術保有者との体系的な連携における共同の取組を促進するものである。双方は、この協力をG7及びその他の同志国においても推進することを目指す。',
      },
    ],
    highlights: [
      '第三国によって使用されるあらゆる形態の経済的威圧に対する懸念を表明',
      '近年の不当な輸出規制の拡大に対して遺憾の意を表明',
      '戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように、輸出管理措置が厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調',
      '重要・新興技術の促進及び保護に係る、より緊密な関与の必要性を強調',
      '技術移転のリスク評価、リスク軽減措置、協調的な対応、民間セクター及び技術保有者との体系的な連携における共同の取組を促進',
      'この協力をG7及びその他の同志国においても推進することを目指す。',
    ],
    partnerCodes: ['EU'],
    themes: [
      { themeId: 'economic-coercion', evidence: ['第三国によって使用されるあらゆる形態の経済的威圧'] },
      {
        themeId: 'export-controls',
        evidence: [
          '近年の不当な輸出規制の拡大',
          '輸出管理措置が厳密に定義され、差別的でなく、国際法及び国際慣行に従っていること',
        ],
      },
      { themeId: 'critical-minerals', evidence: ['特に重要鉱物のサプライチェーン'] },
      {
        themeId: 'supply-chain-resilience',
        evidence: ['戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように'],
      },
      { themeId: 'overcapacity', evidence: ['有害な過剰生産'] },
      { themeId: 'non-market-policies', evidence: ['市場歪曲をもたらす非市場的政策・慣行'] },
      { themeId: 'critical-emerging-technologies', evidence: ['重要・新興技術の促進及び保護'] },
      { themeId: 'technology-leakage', evidence: ['技術移転のリスク評価、リスク軽減措置'] },
      { themeId: 'promotion', evidence: ['重要・新興技術の促進'] },
      { themeId: 'protection', evidence: ['重要・新興技術の促進及び保護'] },
      {
        themeId: 'partnership',
        evidence: ['民間セクター及び技術保有者との体系的な連携', 'この協力をG7及びその他の同志国においても推進する'],
      },
    ],
  },
  {
    id: 'g7-trade-ministers-meeting-2026-statement',
    meetingId: 'g7-trade-ministers-meeting-2026',
    // 我々は: the ministers speak with one voice, an agreed text.
    kind: 'joint_statement',
    date: '2026-05-06',
    titleJa: 'G7貿易大臣会合',
    titleEn: "G7 Trade Ministers' Meeting",
    sourceHeadingJa: '2026/5/6 G7貿易大臣会合 (赤澤大臣)',
    sourceLineNumber: 44,
    citedSourceId: 'ministry-press-releases',
    text: '我々は、過度な依存の軽減、サプライチェーンの安全性及び強靭性の向上並びに技術漏洩のリスクへの対処を目的として、重要技術を含む戦略的セクターに影響を及ぼす脆弱性を特定するための意見交換を深め続ける。 我々は、特に重要鉱物について、サプライチェーンの混乱を招き、経済安全保障及び経済の強靭性を損なう恐れがある恣意的な輸出制限を通じたものを含む経済的威圧に対する深刻な懸念を表明する。我々は、重要な依存関係を軽減し、経済的依存関係の武器化の試みや脅しが失敗に終わることを確保するため、パートナーと協力する。我々は、経済的威圧に対する抑止を図り、必要な場合は、行動を取る用意がある。',
    paragraphs: [
      {
        number: null,
        text: '我々は、過度な依存の軽減、サプライチェーンの安全性及び強靭性の向上並びに技術漏洩のリスクへの対処を目的として、重要技術を含む戦略的セクターに影響を及ぼす脆弱性を特定するための意見交換を深め続ける。',
      },
      {
        number: null,
        text: '我々は、特に重要鉱物について、サプライチェーンの混乱を招き、経済安全保障及び経済の強靭性を損なう恐れがある恣意的な輸出制限を通じたものを含む経済的威圧に対する深刻な懸念を表明する。我々は、重要な依存関係を軽減し、経済的依存関係の武器化の試みや脅しが失敗に終わることを確保するため、パートナーと協力する。我々は、経済的威圧に対する抑止を図り、必要な場合は、行動を取る用意がある。',
      },
    ],
    highlights: [
      '過度な依存の軽減、サプライチェーンの安全性及び強靭性の向上並びに技術漏洩のリスクへの対処を目的として、重要技術を含む戦略的セクターに影響を及ぼす脆弱性を特定するための意見交換を深め続ける。',
      '恣意的な輸出制限を通じたものを含む経済的威圧に対する深刻な懸念を表明',
      '経済的依存関係の武器化の試みや脅しが失敗に終わることを確保するため、パートナーと協力',
      '経済的威圧に対する抑止を図り、必要な場合は、行動を取る用意がある。',
    ],
    partnerCodes: ['G7'],
    themes: [
      { themeId: 'dependency-reduction', evidence: ['過度な依存の軽減', '重要な依存関係を軽減し'] },
      { themeId: 'supply-chain-resilience', evidence: ['サプライチェーンの安全性及び強靭性の向上'] },
      { themeId: 'technology-leakage', evidence: ['技術漏洩のリスクへの対処'] },
      { themeId: 'critical-emerging-technologies', evidence: ['重要技術を含む戦略的セクター'] },
      { themeId: 'critical-minerals', evidence: ['特に重要鉱物について'] },
      { themeId: 'export-controls', evidence: ['恣意的な輸出制限'] },
      {
        themeId: 'economic-coercion',
        evidence: ['恣意的な輸出制限を通じたものを含む経済的威圧', '経済的威圧に対する抑止を図り、必要な場合は、行動を取る用意がある'],
      },
      { themeId: 'partnership', evidence: ['パートナーと協力する'] },
    ],
  },
  {
    id: 'japan-australia-summit-2026-05-joint-statement',
    meetingId: 'japan-australia-summit-2026-05',
    // 我々は: both leaders speak in the first person plural.
    kind: 'joint_statement',
    date: '2026-05-04',
    titleJa: '日豪首脳会談',
    titleEn: 'Japan-Australia Summit Meeting',
    sourceHeadingJa: '2026/5/4 日豪首脳会談',
    sourceLineNumber: 45,
    citedSourceId: 'ministry-press-releases',
    text: '我々は、あらゆる形態の経済的威圧、有害な過剰生産及び市場の歪曲につながる非市場的政策及び慣行（NMPPs）の利用並びにグローバル・サプライチェーンに重大な悪影響を及ぼし得る輸出規制、特に重要鉱物に対する輸出規制に強い懸念を表明する。我々は、輸出管理措置を講じるいかなる場合にも、戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように、厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調する。',
    paragraphs: [
      {
        number: null,
        text: '我々は、あらゆる形態の経済的威圧、有害な過剰生産及び市場の歪曲につながる非市場的政策及び慣行（NMPPs）の利用並びにグローバル・サプライチェーンに重大な悪影響を及ぼし得る輸出規制、特に重要鉱物に対する輸出規制に強い懸念を表明する。我々は、輸出管理措置を講じるいかなる場合にも、戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように、厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調する。',
      },
    ],
    highlights: [
      'あらゆる形態の経済的威圧、有害な過剰生産及び市場の歪曲につながる非市場的政策及び慣行（NMPPs）の利用並びにグローバル・サプライチェーンに重大な悪影響を及ぼし得る輸出規制、特に重要鉱物に対する輸出規制に強い懸念を表明',
      '輸出管理措置を講じるいかなる場合にも、戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように、厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調',
    ],
    partnerCodes: ['AU'],
    themes: [
      { themeId: 'economic-coercion', evidence: ['あらゆる形態の経済的威圧'] },
      { themeId: 'overcapacity', evidence: ['有害な過剰生産'] },
      { themeId: 'non-market-policies', evidence: ['非市場的政策及び慣行（NMPPs）'] },
      { themeId: 'export-controls', evidence: ['特に重要鉱物に対する輸出規制', '輸出管理措置を講じるいかなる場合にも'] },
      { themeId: 'critical-minerals', evidence: ['特に重要鉱物に対する輸出規制'] },
      {
        themeId: 'supply-chain-resilience',
        evidence: ['戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように'],
      },
    ],
  },
  {
    id: 'japan-france-summit-2026-04-joint-statement',
    meetingId: 'japan-france-summit-2026-04',
    // 両首脳は, plain form: what both leaders agreed, as in a joint statement.
    kind: 'joint_statement',
    date: '2026-04-01',
    titleJa: '日仏首脳会談',
    titleEn: 'Japan-France Summit Meeting',
    sourceHeadingJa: '2026/4/1 日仏首脳会談',
    sourceLineNumber: 46,
    citedSourceId: 'ministry-press-releases',
    text: '両首脳は、あらゆる形態の経済的威圧、過剰生産及び市場の歪曲をもたらす非市場的政策及び慣行の利用、並びにグローバル・サプライチェーンに重大な悪影響を及ぼし得る、特に重要鉱物及びその派生品に対する輸出規制に深刻な懸念を表明した。両首脳は、輸出管理措置を講じるいかなる場合にも、厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調した。',
    paragraphs: [
      {
        number: null,
        text: '両首脳は、あらゆる形態の経済的威圧、過剰生産及び市場の歪曲をもたらす非市場的政策及び慣行の利用、並びにグローバル・サプライチェーンに重大な悪影響を及ぼし得る、特に重要鉱物及びその派生品に対する輸出規制に深刻な懸念を表明した。両首脳は、輸出管理措置を講じるいかなる場合にも、厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調した。',
      },
    ],
    highlights: [
      'グローバル・サプライチェーンに重大な悪影響を及ぼし得る、特に重要鉱物及びその派生品に対する輸出規制に深刻な懸念を表明',
      '輸出管理措置を講じるいかなる場合にも、厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調',
    ],
    partnerCodes: ['FR'],
    themes: [
      { themeId: 'economic-coercion', evidence: ['あらゆる形態の経済的威圧'] },
      { themeId: 'overcapacity', evidence: ['過剰生産及び市場の歪曲'] },
      { themeId: 'non-market-policies', evidence: ['非市場的政策及び慣行'] },
      { themeId: 'critical-minerals', evidence: ['特に重要鉱物及びその派生品'] },
      {
        themeId: 'export-controls',
        evidence: ['特に重要鉱物及びその派生品に対する輸出規制', '輸出管理措置を講じるいかなる場合にも'],
      },
      { themeId: 'supply-chain-resilience', evidence: ['グローバル・サプライチェーンに重大な悪影響を及ぼし得る'] },
    ],
  },
  {
    id: 'japan-us-summit-2026-03-news-release',
    meetingId: 'japan-us-summit-2026-03',
    // です/ます form (一致しました) and an elision (…): Japan's own readout of the meeting.
    kind: 'news_release',
    date: '2026-03-19',
    titleJa: '日米首脳会談',
    titleEn: 'Japan-U.S. Summit Meeting',
    sourceHeadingJa: '2026/3/19 日米首脳会談',
    sourceLineNumber: 47,
    citedSourceId: 'ministry-press-releases',
    text: '両首脳は、現下の状況で重要性が増しているエネルギーの安定供給の確保、重要鉱物、AIを含む先端技術分野など、経済安全保障分野での日米協力を一層強化することで一致しました。… 両首脳は、輸出規制を含め、重要鉱物を始めとする重要物資の安定供給を脅かすようなあらゆる措置に反対することを確認した上で、サプライチェーン強靭化に共に取り組み、日米両国の力強い発展につなげていくことで一致しました。',
    paragraphs: [
      {
        number: null,
        text: '両首脳は、現下の状況で重要性が増しているエネルギーの安定供給の確保、重要鉱物、AIを含む先端技術分野など、経済安全保障分野での日米協力を一層強化することで一致しました。…',
      },
      {
        number: null,
        text: '両首脳は、輸出規制を含め、重要鉱物を始めとする重要物資の安定供給を脅かすようなあらゆる措置に反対することを確認した上で、サプライチェーン強靭化に共に取り組み、日米両国の力強い発展につなげていくことで一致しました。',
      },
    ],
    highlights: ['輸出規制を含め、重要鉱物を始めとする重要物資の安定供給を脅かすようなあらゆる措置に反対することを確認'],
    partnerCodes: ['US'],
    themes: [
      { themeId: 'energy-security', evidence: ['エネルギーの安定供給の確保'] },
      { themeId: 'critical-minerals', evidence: ['重要鉱物を始めとする重要物資の安定供給'] },
      { themeId: 'critical-emerging-technologies', evidence: ['AIを含む先端技術分野'] },
      {
        themeId: 'export-controls',
        evidence: ['輸出規制を含め、重要鉱物を始めとする重要物資の安定供給を脅かすようなあらゆる措置に反対する'],
      },
      { themeId: 'supply-chain-resilience', evidence: ['サプライチェーン強靭化に共に取り組み'] },
      { themeId: 'partnership', evidence: ['経済安全保障分野での日米協力を一層強化する'] },
    ],
  },
  {
    id: 'japan-canada-summit-2026-03-joint-statement',
    meetingId: 'japan-canada-summit-2026-03',
    // 両首脳は with the plain present form (表明する, 強調する): the wording of an agreed joint text.
    kind: 'joint_statement',
    date: '2026-03-06',
    titleJa: '日加首脳会談',
    titleEn: 'Japan-Canada Summit Meeting',
    sourceHeadingJa: '2026/3/6 日加首脳会談',
    sourceLineNumber: 48,
    citedSourceId: 'ministry-press-releases',
    text: '両首脳は、あらゆる形態の経済的威圧、有害な過剰生産及び市場の歪曲につながる非市場的政策・慣行、また、グローバル・サプライチェーンに重大な悪影響をもたらす得る、特に重要鉱物に対する輸出規制に対し、深刻な懸念を表明する。両首脳は、輸出管理措置を講じるいかなる場合にも、戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように、厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調する。',
    paragraphs: [
      {
        number: null,
        text: '両首脳は、あらゆる形態の経済的威圧、有害な過剰生産及び市場の歪曲につながる非市場的政策・慣行、また、グローバル・サプライチェーンに重大な悪影響をもたらす得る、特に重要鉱物に対する輸出規制に対し、深刻な懸念を表明する。両首脳は、輸出管理措置を講じるいかなる場合にも、戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように、厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調する。',
      },
    ],
    highlights: [
      '重要鉱物に対する輸出規制に対し、深刻な懸念を表明',
      '輸出管理措置を講じるいかなる場合にも、戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように、厳密に定義され、差別的でなく、国際法及び国際慣行に従っていることを確保することの重要性を改めて強調',
    ],
    partnerCodes: ['CA'],
    themes: [
      { themeId: 'economic-coercion', evidence: ['あらゆる形態の経済的威圧'] },
      { themeId: 'overcapacity', evidence: ['有害な過剰生産'] },
      { themeId: 'non-market-policies', evidence: ['非市場的政策・慣行'] },
      { themeId: 'critical-minerals', evidence: ['特に重要鉱物に対する輸出規制'] },
      { themeId: 'export-controls', evidence: ['特に重要鉱物に対する輸出規制', '輸出管理措置を講じるいかなる場合にも'] },
      {
        themeId: 'supply-chain-resilience',
        evidence: ['戦略的サプライチェーン、特に重要鉱物のサプライチェーンを混乱させないように'],
      },
    ],
  },
];

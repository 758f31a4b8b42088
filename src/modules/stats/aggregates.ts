/**
 * Counting statements: facets, the overview, the timeline and the theme × partner matrix. Every count uses
 * the same matching as the filters, so that a count always equals the `total` of the corresponding
 * /v1/statements query (a partner reaches its groups' statements unless partnerMatch=direct; a theme
 * reaches its children's). One file per job; the choice of what to count from is the planner's
 * (src/modules/statements/planner.ts), the signature expansion is in counts.ts.
 */
export { partnerStatementCounts, themeStatementCounts } from './counts.js';
export { statementFacets } from './facets.js';
export { statsOverview } from './overview.js';
export { statsTimeline } from './timeline.js';
export { themesByPartner } from './matrix.js';

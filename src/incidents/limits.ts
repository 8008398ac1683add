/**
 * Bounds on every incident text and list, so that one incident stays a few hundred kilobytes at
 * most however it is written to. The API schemas and the CLI use the same numbers.
 */
export const INCIDENT_LIMITS = {
  titleMaxLength: 200,
  messageMaxLength: 4000,
  /** Markdown, about forty printed pages. */
  postmortemMaxLength: 100_000,
  servicesMax: 50,
  signalsMax: 100,
  updatesMax: 200,
  /** Services in each affected service's root-cause tree. */
  rootCauseServicesMax: 100,
  /** Dependency levels in each root-cause tree. */
  rootCauseDepthMax: 16,
  /** Incidents per page of a list. */
  pageDefault: 50,
  pageMax: 500,
} as const;

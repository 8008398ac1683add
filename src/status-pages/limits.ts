/** Bounds on a status page's configuration; the API schema uses the same numbers. */
export const STATUS_PAGE_LIMITS = {
  slugMaxLength: 63,
  titleMaxLength: 200,
  nameMaxLength: 200,
  groupMaxLength: 100,
  brandingMaxLength: 1000,
  servicesMax: 200,
  /** Status pages in all. */
  pagesMax: 1000,
} as const;

/**
 * Page slugs and entry keys: no dots, so that `/status/<slug>.json` and `<key>.svg` can never be
 * read two ways.
 */
export const PAGE_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const PAGE_SLUG_PATTERN_SOURCE = '^[a-z0-9][a-z0-9-]{0,62}$';

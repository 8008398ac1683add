/**
 * Who a status page is for. `public`: anyone, without signing in. `customer`: one customer party
 * (its people and the staff who serve it). `internal`: the organisation's own people.
 */
export type Audience =
  | { kind: 'public' }
  | { kind: 'customer'; party: string }
  | { kind: 'internal' };

/** A service as a page lists it: the name and group are what the audience reads. */
export interface PageService {
  /** The model's service id: never shown on the page. */
  service: string;
  /**
   * The public key of the entry on this page (badge URLs, JSON ids): a slug of its own, so that
   * internal ids stay internal.
   */
  key: string;
  /** What the audience sees instead of the model's name. */
  name: string;
  /** A heading the entry is listed under; entries without one come first. */
  group?: string;
}

export interface StatusPage {
  /** The page's address: `/status/<slug>`. Lower-case letters, digits and `-`. */
  slug: string;
  title: string;
  audience: Audience;
  /** In the order the page lists them. */
  services: PageService[];
  /**
   * Whether a troubled entry says which other entries of the page its trouble comes from (never
   * anything the page does not list). Default false.
   */
  showRootCause: boolean;
  /** Whether internal incidents show too; always false on a public page. */
  showInternalIncidents: boolean;
  /** Plain text under the title (who runs the page, where to get help); may be empty. */
  branding: string;
}

/** `public`, `internal` or `customer:<party id>`, as the API and the store write an audience. */
export function audienceText(audience: Audience): string {
  return audience.kind === 'customer' ? `customer:${audience.party}` : audience.kind;
}

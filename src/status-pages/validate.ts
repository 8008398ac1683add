import type { Problem, Result } from '../model/errors.js';
import { ID_PATTERN } from '../model/ids.js';
import { STATUS_PAGE_LIMITS as LIMITS, PAGE_SLUG_PATTERN } from './limits.js';
import type { Audience, PageService, StatusPage } from './types.js';

const PAGE_FIELDS = new Set([
  'slug',
  'title',
  'audience',
  'services',
  'showRootCause',
  'showInternalIncidents',
  'branding',
]);
const SERVICE_FIELDS = new Set(['service', 'key', 'name', 'group']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A text field: present when required, a string, within `max` characters, not blank. */
function text(
  value: unknown,
  path: string,
  max: number,
  problems: Problem[],
  options: { required: boolean; blankAllowed?: boolean },
): string | undefined {
  if (value === undefined) {
    if (options.required) problems.push({ path, message: 'is required' });
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.push({ path, message: `${shown(value)} is not text` });
    return undefined;
  }
  if (!options.blankAllowed && value.trim() === '') {
    problems.push({ path, message: 'is blank' });
    return undefined;
  }
  if (value.length > max) {
    problems.push({ path, message: `is ${value.length} characters long (${max} at most)` });
    return undefined;
  }
  return value;
}

function flag(value: unknown, path: string, problems: Problem[]): boolean {
  if (value === undefined) return false;
  if (typeof value === 'boolean') return value;
  problems.push({ path, message: `${shown(value)} is not true or false` });
  return false;
}

function unknownFields(
  value: Record<string, unknown>,
  known: Set<string>,
  prefix: string,
  problems: Problem[],
) {
  for (const name of Object.keys(value))
    if (!known.has(name))
      problems.push({ path: `${prefix}${name}`, message: 'is not a field of a status page' });
}

/** Reads `public`, `internal` or `customer:<party id>`. */
export function parseAudience(value: unknown, path: string, problems: Problem[]): Audience {
  if (value === 'public' || value === 'internal') return { kind: value };
  if (typeof value === 'string' && value.startsWith('customer:')) {
    const party = value.slice('customer:'.length);
    if (ID_PATTERN.test(party)) return { kind: 'customer', party };
    problems.push({ path, message: `'${party.slice(0, 63)}' is not a party id` });
    return { kind: 'internal' };
  }
  problems.push({
    path,
    message: `${shown(value)} is not an audience (public, internal or customer:<party id>)`,
  });
  return { kind: 'internal' };
}

/** A key made from a display name: `Web shop (EU)` gives `web-shop-eu`. */
export function keyFromName(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, LIMITS.slugMaxLength)
    .replace(/-+$/, '');
}

function pageService(
  value: unknown,
  path: string,
  index: number,
  problems: Problem[],
): PageService | undefined {
  if (!isObject(value)) {
    problems.push({ path, message: `${shown(value)} is not an object with service and name` });
    return undefined;
  }
  const before = problems.length;
  unknownFields(value, SERVICE_FIELDS, `${path}.`, problems);
  const service = text(value.service, `${path}.service`, 63, problems, { required: true });
  if (service !== undefined && !ID_PATTERN.test(service))
    problems.push({ path: `${path}.service`, message: `'${service}' is not a service id` });
  const name = text(value.name, `${path}.name`, LIMITS.nameMaxLength, problems, {
    required: true,
  });
  const group = text(value.group, `${path}.group`, LIMITS.groupMaxLength, problems, {
    required: false,
  });
  const given = text(value.key, `${path}.key`, LIMITS.slugMaxLength, problems, {
    required: false,
  });
  if (given !== undefined && !PAGE_SLUG_PATTERN.test(given))
    problems.push({
      path: `${path}.key`,
      message: `'${given}' is not a key: use lower-case letters, digits and '-', starting with a letter or digit`,
    });
  if (problems.length > before || service === undefined || name === undefined) return undefined;
  const key = given ?? (keyFromName(name) || `service-${index + 1}`);
  return { service, key, name, ...(group !== undefined && { group }) };
}

/**
 * Decodes a status page from a request body, reporting every problem at once with its path.
 * `slug`, when given, is the page's slug from the address; a body slug must then agree.
 */
export function decodeStatusPage(input: unknown, slug?: string): Result<StatusPage> {
  const problems: Problem[] = [];
  if (!isObject(input))
    return { ok: false, problems: [{ message: 'the body is not a JSON object' }] };
  unknownFields(input, PAGE_FIELDS, '', problems);
  let pageSlug = slug;
  if (input.slug !== undefined || slug === undefined) {
    const given = text(input.slug, 'slug', LIMITS.slugMaxLength, problems, { required: true });
    if (given !== undefined && !PAGE_SLUG_PATTERN.test(given))
      problems.push({
        path: 'slug',
        message: `'${given}' is not a slug: use lower-case letters, digits and '-', starting with a letter or digit`,
      });
    else if (given !== undefined && slug !== undefined && given !== slug)
      problems.push({
        path: 'slug',
        message: `'${given}' is not the page's slug '${slug}' (a slug cannot change)`,
      });
    pageSlug ??= given;
  }
  const title = text(input.title, 'title', LIMITS.titleMaxLength, problems, { required: true });
  if (input.audience === undefined) problems.push({ path: 'audience', message: 'is required' });
  const audience: Audience =
    input.audience === undefined
      ? { kind: 'internal' }
      : parseAudience(input.audience, 'audience', problems);
  const branding =
    text(input.branding, 'branding', LIMITS.brandingMaxLength, problems, {
      required: false,
      blankAllowed: true,
    }) ?? '';
  const showRootCause = flag(input.showRootCause, 'showRootCause', problems);
  const showInternalIncidents = flag(
    input.showInternalIncidents,
    'showInternalIncidents',
    problems,
  );
  if (showInternalIncidents && audience.kind === 'public')
    problems.push({
      path: 'showInternalIncidents',
      message: 'internal incidents never show on a public page',
    });
  const services = pageServices(input.services, problems);
  if (problems.length > 0 || pageSlug === undefined || title === undefined)
    return { ok: false, problems };
  return {
    ok: true,
    value: {
      slug: pageSlug,
      title,
      audience,
      services,
      showRootCause,
      showInternalIncidents,
      branding,
    },
  };
}

function pageServices(value: unknown, problems: Problem[]): PageService[] {
  if (value === undefined) {
    problems.push({ path: 'services', message: 'is required (a list of services to show)' });
    return [];
  }
  if (!Array.isArray(value)) {
    problems.push({ path: 'services', message: `${shown(value)} is not a list` });
    return [];
  }
  if (value.length > LIMITS.servicesMax) {
    problems.push({
      path: 'services',
      message: `lists ${value.length} services (${LIMITS.servicesMax} at most)`,
    });
    return [];
  }
  const services: PageService[] = [];
  const seenService = new Map<string, number>();
  const seenKey = new Map<string, number>();
  value.forEach((item, i) => {
    const path = `services[${i}]`;
    const entry = pageService(item, path, i, problems);
    if (!entry) return;
    const twice = seenService.get(entry.service);
    if (twice !== undefined)
      problems.push({
        path: `${path}.service`,
        message: `'${entry.service}' is listed already at services[${twice}]`,
      });
    const keyTwice = seenKey.get(entry.key);
    if (keyTwice !== undefined)
      problems.push({
        path: `${path}.key`,
        message: `key '${entry.key}' is taken by services[${keyTwice}]: give one a key of its own`,
      });
    seenService.set(entry.service, i);
    seenKey.set(entry.key, i);
    services.push(entry);
  });
  return services;
}

/**
 * What a page names that the model lacks: its services and its customer party. Checked when a
 * page is saved; a service deleted later simply drops off the page.
 */
export function referenceProblems(
  page: StatusPage,
  exists: { service(id: string): boolean; party(id: string): boolean },
): Problem[] {
  const problems: Problem[] = [];
  if (page.audience.kind === 'customer' && !exists.party(page.audience.party))
    problems.push({ path: 'audience', message: `no party '${page.audience.party}'` });
  page.services.forEach((entry, i) => {
    if (!exists.service(entry.service))
      problems.push({ path: `services[${i}].service`, message: `no service '${entry.service}'` });
  });
  return problems;
}

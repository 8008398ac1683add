import { locateProblem, type Origin, originKey } from '../../as-code/compile-model.js';
import { type FieldPath, FieldReader } from '../../as-code/field-reader.js';
import {
  type Dependency,
  dependencyKey,
  emptyModel,
  type Model,
  type Party,
  type Service,
} from '../../model/entities.js';
import type { Problem } from '../../model/errors.js';
import { describe } from '../../model/impact.js';
import { type CatalogEntity, isServiceKind } from './catalog-entity.js';
import { LIFECYCLE_LABEL, LIFECYCLE_MAP, readMeta, renamedFields } from './catalog-fields.js';
import { type EntityRef, idOfRef, parseEntityRef, refKey } from './entity-ref.js';

/** How a reference field is read: its default kind and the kinds it may name. */
export interface RefRule {
  defaultKind?: string;
  kinds: readonly string[];
}

const SERVICE_TARGETS = ['component', 'api', 'resource', 'system', 'domain'];
const OWNER: RefRule = { defaultKind: 'group', kinds: ['group', 'user'] };
const GROUP: RefRule = { defaultKind: 'group', kinds: ['group'] };
const USER: RefRule = { defaultKind: 'user', kinds: ['user'] };

/**
 * The relations each kind declares, as dependencies. `up` relations point from this entity to
 * the target (this needs it); `down` ones from the target to this entity (it needs this):
 * a System is made of its Components, APIs and Resources, so it depends on them and their
 * trouble reaches the System and, through it, the Domain.
 */
const RELATIONS: readonly {
  field: string;
  rule: RefRule;
  direction: 'up' | 'down';
  list: boolean;
}[] = [
  { field: 'dependsOn', rule: { kinds: SERVICE_TARGETS }, direction: 'up', list: true },
  { field: 'dependencyOf', rule: { kinds: SERVICE_TARGETS }, direction: 'down', list: true },
  {
    field: 'consumesApis',
    rule: { defaultKind: 'api', kinds: ['api'] },
    direction: 'up',
    list: true,
  },
  {
    field: 'providesApis',
    rule: { defaultKind: 'api', kinds: ['api'] },
    direction: 'down',
    list: true,
  },
  {
    field: 'system',
    rule: { defaultKind: 'system', kinds: ['system'] },
    direction: 'down',
    list: false,
  },
  {
    field: 'domain',
    rule: { defaultKind: 'domain', kinds: ['domain'] },
    direction: 'down',
    list: false,
  },
  {
    field: 'subdomainOf',
    rule: { defaultKind: 'domain', kinds: ['domain'] },
    direction: 'down',
    list: false,
  },
  {
    field: 'subcomponentOf',
    rule: { defaultKind: 'component', kinds: ['component'] },
    direction: 'down',
    list: false,
  },
];

/** The Servicechain label of each service kind; Components and Resources use `spec.type`. */
const LABELS: Record<string, string> = {
  domain: 'business',
  system: 'it-service',
  api: 'api',
  component: 'application',
  resource: 'infrastructure',
};

/**
 * Turns Backstage entities into a Servicechain model. Entities are first given their ids (so
 * that collisions are known before any reference is read), then mapped. Each problem is placed
 * at its file, line and field; a bad name or a colliding id leaves the entity out, a bad field
 * or reference leaves out that field or relation.
 */
export class CatalogMapper {
  readonly model: Model = emptyModel();
  readonly origins = new Map<string, Origin>();
  readonly problems: Problem[] = [];
  private readonly claimed = new Map<string, CatalogEntity>();
  private readonly ids = new Map<CatalogEntity, string>();
  private readonly rejected = new Set<string>();
  private readonly edges = new Set<string>();

  /** `storedParties`: ids already in the store, which group members may name. */
  constructor(private readonly storedParties: ReadonlySet<string>) {}

  /** Gives an entity its id, or reports why it has none. */
  claim(entity: CatalogEntity): void {
    const space = isServiceKind(entity.kind) ? 'service' : 'party';
    const result = idOfRef(entity.ref);
    if ('error' in result) {
      this.report(entity, ['metadata', 'name'], `${refKey(entity.ref)} ${result.error}`);
      this.rejected.add(refKey(entity.ref));
      return;
    }
    const earlier = this.claimed.get(`${space}:${result.id}`);
    if (earlier) {
      const at = earlier.document.locate([]);
      const same = refKey(earlier.ref) === refKey(entity.ref);
      this.report(
        entity,
        ['metadata', 'name'],
        same
          ? `${refKey(entity.ref)} is already defined at ${earlier.document.file}:${at.line}`
          : `${refKey(entity.ref)} would be ${space} '${result.id}', which ${refKey(earlier.ref)} (${earlier.document.file}:${at.line}) already is`,
      );
      if (!same) this.rejected.add(refKey(entity.ref));
      return;
    }
    this.claimed.set(`${space}:${result.id}`, entity);
    this.ids.set(entity, result.id);
  }

  /** Maps every claimed entity: parties first, then services with their relations. */
  mapAll(): void {
    const members: { entity: CatalogEntity; party: Party }[] = [];
    for (const [entity, id] of this.ids) {
      if (isServiceKind(entity.kind)) this.mapService(entity, id);
      else members.push({ entity, party: this.mapParty(entity, id) });
    }
    this.assignMembers(members);
  }

  private mapService(entity: CatalogEntity, id: string): void {
    const reader = new FieldReader();
    const { spec } = entity;
    const meta = readMeta(entity, id, reader);
    // readMeta has checked spec.type already.
    const type = typeof spec.type === 'string' ? spec.type.trim().toLowerCase() : undefined;
    const label =
      (entity.kind === 'component' || entity.kind === 'resource') && type
        ? type
        : (LABELS[entity.kind] as string);
    const service: Service = {
      ...meta,
      label,
      lifecycle: 'live',
      rule: { kind: 'worst' },
      signals: [],
    };
    const lifecycle = reader.string(spec.lifecycle, ['spec', 'lifecycle'], 50);
    if (lifecycle !== undefined) {
      const mapped = LIFECYCLE_MAP[lifecycle.toLowerCase()];
      service.lifecycle = mapped ?? 'live';
      if (!mapped) service.labels[LIFECYCLE_LABEL] = lifecycle;
    }
    const owner = this.resolve(entity, ['spec', 'owner'], spec.owner, OWNER, reader);
    if (owner) service.provider = owner;
    this.flush(entity, reader);
    this.model.services.push(service);
    const document = renamedFields(entity.document, { 'spec.provider': ['spec', 'owner'] });
    this.origins.set(originKey('service', id), { document, path: [] });
    this.mapRelations(entity, id);
  }

  private mapRelations(entity: CatalogEntity, id: string): void {
    const reader = new FieldReader();
    for (const relation of RELATIONS) {
      const value = entity.spec[relation.field];
      if (value === undefined || value === null) continue;
      const items: [unknown, FieldPath][] = relation.list
        ? reader
            .list(value, ['spec', relation.field])
            .map((v, i) => [v, ['spec', relation.field, i]])
        : [[value, ['spec', relation.field]]];
      for (const [item, path] of items) {
        const target = this.resolve(entity, path, item, relation.rule, reader);
        if (!target) continue;
        const edge =
          relation.direction === 'up' ? { from: id, to: target } : { from: target, to: id };
        this.addEdge(edge, { document: entity.document, path });
      }
    }
    this.flush(entity, reader);
  }

  private addEdge(edge: { from: string; to: string }, origin: Origin): void {
    const key = dependencyKey(edge);
    if (this.edges.has(key)) return; // stated from both ends, as Backstage allows
    this.edges.add(key);
    const dependency: Dependency = { ...edge, impact: { kind: 'as-is' }, weight: 1 };
    this.model.dependencies.push(dependency);
    this.origins.set(originKey('dependency', key), origin);
  }

  private mapParty(entity: CatalogEntity, id: string): Party {
    const reader = new FieldReader();
    const { spec } = entity;
    const meta = readMeta(entity, id, reader);
    const type = typeof spec.type === 'string' ? spec.type.toLowerCase() : '';
    const party: Party = {
      ...meta,
      kind:
        entity.kind === 'user'
          ? 'person'
          : type === 'organization' || type === 'company'
            ? 'organization'
            : 'team',
      contacts: [],
    };
    const profile = spec.profile as Record<string, unknown> | undefined;
    const email = reader.string(profile?.email, ['spec', 'profile', 'email'], 500);
    if (email !== undefined) party.contacts.push({ type: 'email', value: email });
    let parentPath: FieldPath = ['spec', 'parent'];
    if (entity.kind === 'group') {
      const parent = this.resolve(entity, parentPath, spec.parent, GROUP, reader);
      if (parent) party.parent = parent;
    } else {
      const groups = reader.list(spec.memberOf, ['spec', 'memberOf']);
      parentPath = ['spec', 'memberOf', 0];
      groups.forEach((group, index) => {
        const parent = this.resolve(entity, ['spec', 'memberOf', index], group, GROUP, reader);
        if (parent && party.parent === undefined) party.parent = parent;
      });
    }
    this.flush(entity, reader);
    this.model.parties.push(party);
    const document = renamedFields(entity.document, { 'spec.parent': parentPath });
    this.origins.set(originKey('party', id), { document, path: [] });
    return party;
  }

  /**
   * `spec.members` of a group and `spec.children` give a parent to the users and groups that do
   * not name one themselves (a party has one parent; the first that names it wins).
   */
  private assignMembers(members: readonly { entity: CatalogEntity; party: Party }[]): void {
    const parties = new Map(this.model.parties.map((p) => [p.id, p]));
    for (const { entity, party } of members) {
      if (entity.kind !== 'group') continue;
      const reader = new FieldReader();
      for (const [field, rule] of [
        ['members', USER],
        ['children', GROUP],
      ] as const) {
        reader.list(entity.spec[field], ['spec', field]).forEach((item, index) => {
          const path = ['spec', field, index];
          const id = this.resolve(entity, path, item, rule, reader);
          if (!id) return;
          const member = parties.get(id);
          if (member) {
            if (member.parent === undefined && member.id !== party.id) member.parent = party.id;
          } else if (!this.storedParties.has(id)) {
            reader.report(path, `no ${rule.kinds[0]} '${id}' in the catalog or the store`);
          }
        });
      }
      this.flush(entity, reader);
    }
  }

  /** A reference's id, or undefined after reporting why it cannot be used. */
  private resolve(
    entity: CatalogEntity,
    path: FieldPath,
    value: unknown,
    rule: RefRule,
    reader: FieldReader,
  ): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      reader.report(path, `must be an entity reference, not ${describe(value)}`);
      return undefined;
    }
    const parsed = parseEntityRef(value, {
      kind: rule.defaultKind,
      namespace: entity.ref.namespace,
    });
    if (!parsed.ok) {
      reader.report(path, parsed.error);
      return undefined;
    }
    const ref: EntityRef = parsed.ref;
    if (ref.kind === undefined) {
      reader.report(path, `'${value}' needs a kind, such as component:${ref.name}`);
      return undefined;
    }
    if (!rule.kinds.includes(ref.kind)) {
      reader.report(
        path,
        `'${value}' is a ${ref.kind}; this field takes ${rule.kinds.join(' or ')}`,
      );
      return undefined;
    }
    if (this.rejected.has(refKey(ref))) {
      reader.report(path, `'${value}' is not imported (see the problem with ${refKey(ref)})`);
      return undefined;
    }
    const id = idOfRef(ref);
    if ('error' in id) {
      reader.report(path, `'${value}' ${id.error}`);
      return undefined;
    }
    const space = isServiceKind(ref.kind) ? 'service' : 'party';
    const holder = this.claimed.get(`${space}:${id.id}`);
    if (holder && holder.kind !== ref.kind) {
      reader.report(path, `'${value}' names no ${ref.kind}: '${id.id}' is ${refKey(holder.ref)}`);
      return undefined;
    }
    return id.id;
  }

  private flush(entity: CatalogEntity, reader: FieldReader): void {
    for (const problem of reader.problems) this.report(entity, problem.path, problem.message);
    reader.problems.length = 0;
  }

  private report(entity: CatalogEntity, path: FieldPath, message: string): void {
    this.problems.push(locateProblem({ document: entity.document, path: [] }, path, message));
  }
}

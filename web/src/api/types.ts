import type { ImpactReport as EngineImpactReport } from '../../../src/engine/types.js';
import type { StatusLevel } from '../../../src/model/levels.js';

/** The shapes the UI reads from the API (docs/api.md); only the fields it uses. */
export type { StatusLevel };

export interface DependencyRef {
  service: string;
  impact?: string | Record<string, StatusLevel>;
  weight?: number;
  note?: string;
}

export interface ServiceItem {
  id: string;
  name: string;
  description?: string;
  label: string;
  provider?: string;
  lifecycle?: string;
  criticality?: string;
  tags: string[];
  links: { url: string; title?: string }[];
  labels: Record<string, string>;
  rule: unknown;
  slo?: number;
  costPerHour?: number;
  signals: unknown[];
  dependsOn?: DependencyRef[];
  dependencyOf?: string[];
  consumedBy?: { party: string; slo?: number; note?: string }[];
}

export interface DependencyItem {
  from: string;
  to: string;
  impact?: string | Record<string, StatusLevel>;
  weight?: number;
  note?: string;
}

export interface SubscriptionItem {
  party: string;
  service: string;
  slo?: number;
  note?: string;
}

export interface PartyItem {
  id: string;
  name: string;
  description?: string;
  kind: 'organization' | 'team' | 'person' | 'external';
  parent?: string;
  tags: string[];
  contacts: { type: string; value: string; name?: string }[];
  provides?: string[];
  consumes?: { service: string; slo?: number }[];
  members?: string[];
}

export interface StatusItem {
  service: string;
  level: StatusLevel;
  maintenance: boolean;
  acknowledged: boolean;
  /**
   * Who acknowledged the service itself: in the status answers; absent from live events and
   * past states, which carry the flag only.
   */
  acknowledgement?: {
    author: string;
    note: string;
    createdAt: string;
    expiresAt: string | null;
  } | null;
  since: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** The engine's answers travel as JSON unchanged: the UI reads the engine's own types. */
export type { Explanation, WhatIfReport } from '../../../src/engine/types.js';

/** An impact answer: the engine's report with one page of its services. */
export type ImpactReport = EngineImpactReport & {
  total: number;
  next: number | null;
};

export interface Me {
  id: string;
  kind: 'user' | 'token';
  role: 'viewer' | 'editor' | 'admin';
  teams: string[];
  scopes: string[];
  csrfToken: string | null;
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  op: string;
  kind: string;
  key: string;
  before: unknown;
  after: unknown;
}

export interface Problem {
  message: string;
  path?: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface PlanEntry {
  kind: string;
  key: string;
  name: string;
}

export interface Plan {
  created: PlanEntry[];
  changed: (PlanEntry & { fields: { field: string; before: unknown; after: unknown }[] })[];
  deleted: PlanEntry[];
}

export interface UserItem {
  name: string;
  role: 'viewer' | 'editor' | 'admin';
  teams: string[];
  disabled: boolean;
  passwordSet: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TokenItem {
  id: string;
  name: string;
  user: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

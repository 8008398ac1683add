import type { Static } from 'typebox';
import type { AvailabilitySchema } from '../../../src/api/availability/schemas.js';
import type { IncidentSchema, IncidentSummarySchema } from '../../../src/api/schemas/incidents.js';
import type { ImpactPreviewSchema, WindowSchema } from '../../../src/api/schemas/maintenance.js';
import type { StatusAtSchema, TimelineSchema } from '../../../src/api/status/history-schemas.js';
import type {
  IncidentImpact,
  IncidentStatus,
  IncidentVisibility,
} from '../../../src/incidents/types.js';
import type { StatusLevel } from '../../../src/model/levels.js';

export type { IncidentImpact, IncidentStatus, IncidentVisibility };

/**
 * Literal unions the schemas build with `map` come out of Static as never; these fields are
 * restated from the domain's own types.
 */
type Fix<T, F> = Omit<T, keyof F> & F;
type Affected = { service: string; impact: IncidentImpact };
type IncidentFields = {
  status: IncidentStatus;
  visibility: IncidentVisibility;
  services: Affected[];
};
type LevelState = { level: StatusLevel; maintenance: boolean; acknowledged: boolean };

/**
 * The shapes of incidents, maintenance windows, history and availability, read from the API's own
 * response schemas, so the UI and the server cannot drift apart silently.
 */
export type Incident = Fix<
  Static<typeof IncidentSchema>,
  IncidentFields & {
    updates: Fix<Static<typeof IncidentSchema>['updates'][number], { status: IncidentStatus }>[];
  }
>;
export type IncidentSummary = Fix<Static<typeof IncidentSummarySchema>, IncidentFields>;
export type IncidentPage = { items: IncidentSummary[]; nextBefore: string | null };

export type WindowState = 'upcoming' | 'active' | 'over' | 'cancelled';
export type MaintenanceWindow = Fix<Static<typeof WindowSchema>, { state: WindowState }>;
export type WindowPage = { items: MaintenanceWindow[]; next: string | null };
export type ImpactPreview = Fix<
  Static<typeof ImpactPreviewSchema>,
  {
    parties: {
      party: string;
      kind: string;
      relation: 'customer' | 'provider';
      services: string[];
    }[];
  }
>;

type StatusAtItem = Fix<Static<typeof StatusAtSchema>['items'][number], LevelState>;
export type StatusAt = Fix<Static<typeof StatusAtSchema>, { items: StatusAtItem[] }>;
type TimelineRaw = Static<typeof TimelineSchema>;
export type TimelineChange = Fix<
  TimelineRaw['changes'][number],
  { from: LevelState; to: LevelState }
>;
export type Timeline = Fix<
  TimelineRaw,
  { state: LevelState & { since: string | null }; changes: TimelineChange[] }
>;

export type Availability = Static<typeof AvailabilitySchema>;
export type ServiceFigures = Availability['services'][number];
export type CustomerFigures = Availability['customers'][number];
export type Figures = CustomerFigures['combined'];

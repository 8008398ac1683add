import { parseAlertGroup } from '../alert-group.js';
import type { FieldReader } from '../fields.js';
import type { ParseOutcome, SignalSource } from '../signal.js';

/**
 * Grafana unified alerting's Webhook contact point (default payload, version 1): the
 * Alertmanager shape plus orgId, state and rendered texts. The alert's link is its panel, else
 * its dashboard, else the rule's page.
 */
export const grafanaSource: SignalSource = {
  name: 'grafana',
  parse(body: unknown, receivedAt: number): ParseOutcome {
    return parseAlertGroup(
      {
        source: 'grafana',
        version: '1',
        urlFields: ['panelURL', 'dashboardURL', 'generatorURL'],
        checkTop,
      },
      body,
      receivedAt,
    );
  },
};

function checkTop(top: Record<string, unknown>, reader: FieldReader): void {
  if (top.orgId !== undefined && !Number.isInteger(top.orgId))
    reader.problem('orgId', 'must be a whole number');
  if (top.state !== undefined && typeof top.state !== 'string')
    reader.problem('state', 'must be a string');
}

import { parseAlertGroup } from '../alert-group.js';
import type { ParseOutcome, SignalSource } from '../signal.js';

/**
 * The Prometheus Alertmanager `webhook_config` receiver, payload version 4. A group may mix
 * firing and resolved alerts; each alert is its own signal, keyed by its fingerprint (computed
 * from its labels as Alertmanager does when a sender leaves it out). `truncatedAlerts` is noted
 * in the answer: those alerts never reached us.
 */
export const alertmanagerSource: SignalSource = {
  name: 'alertmanager',
  parse(body: unknown, receivedAt: number): ParseOutcome {
    return parseAlertGroup(
      { source: 'alertmanager', version: '4', urlFields: ['generatorURL'] },
      body,
      receivedAt,
    );
  },
};

import type { Model } from '../model/entities.js';
import type { Problem } from '../model/errors.js';
import type { Quota } from '../model/rule.js';

/**
 * Cross-checks of rules against the dependencies they combine, which the rule parsers cannot see:
 * an `atLeast` count larger than the dependencies that count (all but `ignore` edges) can never
 * be met; a `thresholds` count or weight larger than there can be never fires; an edge weight
 * must be a finite number of 0 or more. Each problem names the service and the field.
 */
export function checkRules(model: Model): Problem[] {
  const counted = new Map<string, { count: number; weight: number }>();
  const problems: Problem[] = [];
  model.dependencies.forEach((dependency, e) => {
    if (!(Number.isFinite(dependency.weight) && dependency.weight >= 0)) {
      problems.push({
        path: `dependencies[${e}].weight`,
        message: `dependency ${dependency.from} -> ${dependency.to}: weight ${dependency.weight} is not a finite number of 0 or more`,
      });
    }
    if (dependency.impact.kind === 'ignore') return;
    const total = counted.get(dependency.from) ?? { count: 0, weight: 0 };
    total.count++;
    total.weight += dependency.weight;
    counted.set(dependency.from, total);
  });
  model.services.forEach((service, i) => {
    const { count, weight } = counted.get(service.id) ?? { count: 0, weight: 0 };
    const rule = service.rule;
    const where = `services[${i}].rule`;
    if (rule.kind === 'atLeast') {
      checkQuota(rule.ok, `${where}.atLeast.ok`, service.id, count, problems);
      if (rule.degraded)
        checkQuota(rule.degraded, `${where}.atLeast.degraded`, service.id, count, problems);
    } else if (rule.kind === 'thresholds') {
      rule.lines.forEach((line, k) => {
        const limit = line.measure === 'count' ? count : line.measure === 'weight' ? weight : null;
        if (limit === null || line.atLeast <= limit) return;
        problems.push({
          path: `${where}.thresholds[${k}].${line.measure}`,
          message: `service '${service.id}': ${line.measure} ${line.atLeast} can never be reached: its dependencies that count ${line.measure === 'count' ? `number ${count}` : `weigh ${weight} in all`}`,
        });
      });
    }
  });
  return problems;
}

function checkQuota(
  quota: Quota,
  path: string,
  service: string,
  count: number,
  problems: Problem[],
): void {
  if (quota.kind !== 'count' || quota.value <= count) return;
  problems.push({
    path,
    message: `service '${service}': ${quota.value} can never be reached: it has ${count === 0 ? 'no dependencies' : count === 1 ? 'only 1 dependency' : `only ${count} dependencies`} that count`,
  });
}

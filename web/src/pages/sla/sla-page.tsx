import { Empty } from '../../components/states.js';

export function SlaPage() {
  return <Empty title="The SLA report is on its way" />;
}

import { useAbilities } from '../../api/session.js';
import { useTitle } from '../../components/use-title.js';
import { EntityForms } from './entity-forms.js';
import { ImportPanel } from './import-panel.js';

/** The model: create entities in forms, import YAML with its plan shown first, export. */
export function ModelPage() {
  useTitle('Model');
  const { write } = useAbilities();
  return (
    <>
      <h1>Model</h1>
      <p className="row">
        <a className="button" href="/api/v1/model/export" download="servicechain-model.yaml">
          Export the model as YAML
        </a>
        <span className="muted">Applying the export back changes nothing.</span>
      </p>
      <h2>Add to the model</h2>
      {write ? null : (
        <p className="muted">
          Creating parties and subscriptions needs the editor role; team members may add services
          their team provides.
        </p>
      )}
      <EntityForms />
      <ImportPanel mayWrite={write} />
    </>
  );
}

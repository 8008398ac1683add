import { lazy, Suspense } from 'react';
import { Empty, Loading } from './components/states.js';
import { TokensPage } from './pages/admin/tokens-page.js';
import { UsersPage } from './pages/admin/users-page.js';
import { AuditPage } from './pages/audit/audit-page.js';
import { BoardPage } from './pages/board/board-page.js';
import { ImpactPage } from './pages/impact/impact-page.js';
import { IncidentPage } from './pages/incidents/incident-page.js';
import { IncidentsPage } from './pages/incidents/incidents-page.js';
import { MaintenancePage } from './pages/maintenance/maintenance-page.js';
import { ModelPage } from './pages/model/model-page.js';
import { NotificationsPage } from './pages/notifications/notifications-page.js';
import { PartiesPage } from './pages/party/parties-page.js';
import { PartyPage } from './pages/party/party-page.js';
import { ServicePage } from './pages/service/service-page.js';
import { SlaPage } from './pages/sla/sla-page.js';
import { StatusPagesPage } from './pages/status-pages/status-pages-page.js';
import { Link, matchPath, useLocation } from './router.js';

/** The map brings cytoscape (most of the code): loaded when first shown. */
const MapPage = lazy(() => import('./pages/map/map-page.js').then((m) => ({ default: m.MapPage })));

/** The client routes under /ui; the server answers index.html for each of them. */
export function Routes() {
  const { path } = useLocation();
  if (path === '/') return <BoardPage />;
  const service = matchPath('/services/:id', path);
  if (service) return <ServicePage key={service.id} id={service.id as string} />;
  if (path === '/map')
    return (
      <Suspense fallback={<Loading what="the map" />}>
        <MapPage />
      </Suspense>
    );
  if (path === '/parties') return <PartiesPage />;
  const party = matchPath('/parties/:id', path);
  if (party) return <PartyPage key={party.id} id={party.id as string} />;
  if (path === '/impact') return <ImpactPage />;
  if (path === '/incidents') return <IncidentsPage />;
  const incident = matchPath('/incidents/:id', path);
  if (incident) return <IncidentPage key={incident.id} id={incident.id as string} />;
  if (path === '/maintenance') return <MaintenancePage />;
  if (path === '/sla') return <SlaPage />;
  if (path === '/model') return <ModelPage />;
  if (path === '/tokens') return <TokensPage />;
  if (path === '/users') return <UsersPage />;
  if (path === '/audit') return <AuditPage />;
  if (path === '/status-pages') return <StatusPagesPage />;
  if (path === '/notifications') return <NotificationsPage />;
  return (
    <Empty title="No such page">
      <Link to="/">Back to the status board</Link>
    </Empty>
  );
}

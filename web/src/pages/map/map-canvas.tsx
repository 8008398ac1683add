import cytoscape, { type Core } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useEffect, useRef } from 'react';
import { impactPath, type MapGraph } from './map-graph.js';
import { caption, mapStyle } from './map-style.js';

cytoscape.use(dagre);

/**
 * Cytoscape adds an inline <style> to the head unless an element with this id exists; the CSP
 * forbids inline styles, so a placeholder stands in and its one rule lives in styles.css.
 */
function claimCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const placeholder = document.createElement('meta');
  placeholder.id = id;
  placeholder.name = 'cytoscape-stylesheet';
  placeholder.content = 'in styles.css';
  document.head.append(placeholder);
}

/**
 * The graph, laid out by dagre top to bottom: consumers above what they need, so parties and
 * business services sit on top and infrastructure at the bottom. Selecting a node highlights
 * its impact path; double-clicking focuses the map on it.
 */
export function MapCanvas({
  graph,
  focus,
  selected,
  onSelect,
  onFocus,
}: {
  graph: MapGraph;
  focus: string;
  selected: string | null;
  onSelect(id: string | null): void;
  onFocus(id: string): void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const handlers = useRef({ onSelect, onFocus });
  handlers.current = { onSelect, onFocus };

  useEffect(() => {
    if (!container.current) return;
    performance.mark('sc:map-start');
    claimCytoscapeStylesheet();
    const big = graph.nodes.length > 500;
    const instance = cytoscape({
      container: container.current,
      elements: [
        ...graph.nodes.map((n) => ({
          data: {
            id: n.id,
            kind: n.kind,
            level: n.level ?? 'none',
            caption: caption(n.name, n.level, n.label),
          },
          classes: n.id === focus ? 'focus' : '',
        })),
        ...graph.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target } })),
      ],
      style: mapStyle(),
      layout: {
        name: 'dagre',
        rankDir: 'TB',
        nodeSep: big ? 8 : 24,
        rankSep: big ? 60 : 70,
        animate: false,
      } as cytoscape.LayoutOptions,
      minZoom: 0.05,
      maxZoom: 3,
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      pixelRatio: big ? 1 : 'auto',
    });
    instance.on('tap', 'node', (event) => handlers.current.onSelect(event.target.id() as string));
    instance.on('tap', (event) => {
      if (event.target === instance) handlers.current.onSelect(null);
    });
    instance.on('dbltap', 'node', (event) => {
      const id = event.target.id() as string;
      if (!id.startsWith('party:')) handlers.current.onFocus(id);
    });
    cy.current = instance;
    performance.mark('sc:map-rendered');
    performance.measure('sc:map', 'sc:map-start', 'sc:map-rendered');
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, [graph, focus]);

  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    instance.batch(() => {
      instance.elements().removeClass('path dim');
      instance.nodes().unselect();
      if (selected === null) return;
      const node = instance.getElementById(selected);
      node.select();
      const path = impactPath(graph, selected);
      if (path.nodes.size === 0) return;
      instance.elements().addClass('dim');
      for (const id of path.nodes) instance.getElementById(id).removeClass('dim');
      for (const id of path.edges) instance.getElementById(id).removeClass('dim').addClass('path');
    });
  }, [graph, selected]);

  return (
    <div
      ref={container}
      className="map-canvas"
      data-testid="map-canvas"
      role="img"
      aria-label="Map of the chain; use the list of nodes beside it to move by keyboard"
    />
  );
}

import cytoscape, { type Core } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { useEffect, useRef } from 'react';
import { layeredPositions } from './layered-layout.js';
import { impactPath, type MapGraph } from './map-graph.js';
import { caption, mapStyle } from './map-style.js';

cytoscape.use(dagre);

/** Above this many nodes the linear layered layout replaces dagre, which takes seconds there. */
const DAGRE_MAX_NODES = 300;

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

function layoutOf(graph: MapGraph): cytoscape.LayoutOptions {
  if (graph.nodes.length <= DAGRE_MAX_NODES)
    return {
      name: 'dagre',
      rankDir: 'TB',
      nodeSep: 24,
      rankSep: 70,
      animate: false,
    } as cytoscape.LayoutOptions;
  const positions = layeredPositions(graph);
  return {
    name: 'preset',
    positions: Object.fromEntries(positions),
    fit: true,
    animate: false,
  };
}

/**
 * The graph, top to bottom: consumers above what they need, so parties and business services
 * sit on top and infrastructure at the bottom. The layout is made when the chain shown changes
 * (`structure`); status changes only recolour. Selecting a node highlights its impact path;
 * double-clicking focuses the map on it.
 */
export function MapCanvas({
  structure,
  graph,
  focus,
  selected,
  onSelect,
  onFocus,
}: {
  structure: MapGraph;
  graph: MapGraph;
  focus: string;
  selected: string | null;
  onSelect(id: string | null): void;
  onFocus(id: string): void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const latest = useRef({ graph, onSelect, onFocus });
  latest.current = { graph, onSelect, onFocus };

  useEffect(() => {
    if (!container.current) return;
    performance.mark('sc:map-start');
    claimCytoscapeStylesheet();
    const shown = latest.current.graph;
    const big = structure.nodes.length > DAGRE_MAX_NODES;
    const instance = cytoscape({
      container: container.current,
      elements: [
        ...shown.nodes.map((n) => ({
          data: {
            id: n.id,
            kind: n.kind,
            level: n.level ?? 'none',
            caption: caption(n.name, n.level, n.label),
          },
          classes: n.id === focus ? 'focus' : '',
        })),
        ...shown.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target } })),
      ],
      style: mapStyle(),
      layout: layoutOf(structure),
      minZoom: 0.02,
      maxZoom: 3,
      textureOnViewport: big,
      hideEdgesOnViewport: big,
      pixelRatio: big ? 1 : 'auto',
    });
    instance.on('tap', 'node', (event) => latest.current.onSelect(event.target.id() as string));
    instance.on('tap', (event) => {
      if (event.target === instance) latest.current.onSelect(null);
    });
    instance.on('dbltap', 'node', (event) => {
      const id = event.target.id() as string;
      if (!id.startsWith('party:')) latest.current.onFocus(id);
    });
    cy.current = instance;
    instance.one('render', () => {
      performance.mark('sc:map-rendered');
      performance.measure('sc:map', 'sc:map-start', 'sc:map-rendered');
    });
    return () => {
      instance.destroy();
      cy.current = null;
    };
  }, [structure, focus]);

  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    instance.batch(() => {
      for (const n of graph.nodes) {
        const element = instance.getElementById(n.id);
        const level = n.level ?? 'none';
        if (element.data('level') !== level)
          element.data({ level, caption: caption(n.name, n.level, n.label) });
      }
      instance.elements().removeClass('path dim');
      instance.nodes().unselect();
      if (selected === null) return;
      instance.getElementById(selected).select();
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

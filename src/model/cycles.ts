/**
 * One cycle for every strongly connected component that has one, each spelled out as the ids
 * along it with the first repeated at the end (`a -> b -> c -> a`). Iterative (Tarjan's algorithm),
 * so a deep chain cannot overflow the stack. Cycles start at their smallest id, for stable output.
 */
export function findCycles(
  nodes: readonly string[],
  edges: readonly { from: string; to: string }[],
): string[][] {
  const index = new Map<string, number>();
  for (const [i, id] of nodes.entries()) index.set(id, i);
  const adjacency: number[][] = nodes.map(() => []);
  for (const edge of edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from !== undefined && to !== undefined) (adjacency[from] as number[]).push(to);
  }
  const components = stronglyConnected(adjacency);
  const cycles: string[][] = [];
  for (const component of components) {
    if (component.length < 2) continue;
    const members = new Set(component);
    const start = component.reduce((a, b) => ((nodes[a] as string) < (nodes[b] as string) ? a : b));
    cycles.push(cycleWithin(start, members, adjacency).map((i) => nodes[i] as string));
  }
  return cycles.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

function stronglyConnected(adjacency: number[][]): number[][] {
  const n = adjacency.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [node, next] = frame;
      if (next === 0 && order[node] === -1) {
        order[node] = low[node] = counter++;
        stack.push(node);
        onStack[node] = 1;
      }
      const neighbours = adjacency[node] as number[];
      if (next < neighbours.length) {
        frame[1] = next + 1;
        const to = neighbours[next] as number;
        if (order[to] === -1) work.push([to, 0]);
        else if (onStack[to]) low[node] = Math.min(low[node] as number, order[to] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[node] as number);
      if (low[node] === order[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = 0;
          component.push(member);
        } while (member !== node);
        components.push(component);
      }
    }
  }
  return components;
}

/** A path from `start` back to itself inside one component, by breadth-first search (shortest). */
function cycleWithin(start: number, members: Set<number>, adjacency: number[][]): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const to of adjacency[node] as number[]) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at) as number) path.push(at);
        path.push(start);
        return [start, ...path.slice(1, -1).reverse(), start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = (source: string) => fileURLToPath(new URL(`./fixtures/${source}/`, import.meta.url));

/** The names of a source's sample payloads (fixtures/SOURCE/*.json). */
export function fixtureNames(source: 'alertmanager' | 'grafana'): string[] {
  return readdirSync(folder(source))
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** A sample payload, parsed. */
export function fixture(source: 'alertmanager' | 'grafana', name: string): unknown {
  return JSON.parse(readFileSync(`${folder(source)}${name}`, 'utf8'));
}

/** A sample payload as bytes, unparsed. */
export function fixtureText(source: 'alertmanager' | 'grafana', name: string): string {
  return readFileSync(`${folder(source)}${name}`, 'utf8');
}

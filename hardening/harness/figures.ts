/**
 * Prints one figure of the suite as it is measured, as `[hardening] name: value`, so that a run
 * shows its numbers as it goes and CI logs keep them.
 */
export function figure(name: string, value: number | string, unit = ''): void {
  const shown =
    typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(1) : String(value);
  console.log(`[hardening] ${name}: ${shown}${unit ? ` ${unit}` : ''}`);
}

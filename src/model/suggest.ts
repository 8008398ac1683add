/** Edit distance between two strings (Levenshtein), capped at `limit + 1` to stay cheap. */
export function editDistance(a: string, b: string, limit = 8): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * Up to `max` names close to `wanted`, nearest first: those within an edit distance of a third of
 * its length (at least 2), and those that contain it or that it contains.
 */
export function nearNames(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of candidates) {
    const distance = editDistance(wanted, name, limit);
    if (distance <= limit) scored.push({ name, score: distance });
    else if (wanted.length >= 3 && (name.includes(wanted) || wanted.includes(name)))
      scored.push({ name, score: limit + 1 });
  }
  scored.sort((x, y) => x.score - y.score || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}

/** ` (did you mean 'a' or 'b'?)`, or an empty string when nothing is near. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const near = nearNames(wanted, candidates);
  if (near.length === 0) return '';
  const quoted = near.map((n) => `'${n}'`);
  const list =
    quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return ` (did you mean ${list}?)`;
}

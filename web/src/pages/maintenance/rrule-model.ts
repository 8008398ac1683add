/**
 * The recurrence builder's choices and the RFC 5545 RRULE they make: the common cases (every N
 * days; every N weeks on some weekdays; every N months on the nth weekday) plus a raw rule for
 * anything else. The server checks the rule; this only writes it.
 */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_TEXT: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};

/** 1 to 4, or -1 for the last one in the month. */
export type Nth = 1 | 2 | 3 | 4 | -1;
export const NTHS: readonly Nth[] = [1, 2, 3, 4, -1];
export const NTH_TEXT: Record<string, string> = {
  '1': 'first',
  '2': 'second',
  '3': 'third',
  '4': 'fourth',
  '-1': 'last',
};

export interface RepeatChoice {
  frequency: 'daily' | 'weekly' | 'monthly' | 'raw';
  /** Every `interval` days, weeks or months. */
  interval: number;
  weekdays: Weekday[];
  nth: Nth;
  weekday: Weekday;
  ends: 'count' | 'until';
  count: number;
  /** The last day, YYYY-MM-DD (UNTIL as a date: occurrences starting that day still count). */
  until: string;
  raw: string;
}

/** The choices a DTSTART date suggests: its weekday, and its place in the month. */
export function choiceFromStart(date: string): RepeatChoice {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const valid = Number.isFinite(y) && Number.isFinite(m) && Number.isFinite(d) && d > 0;
  const day = valid ? new Date(Date.UTC(y, m - 1, d)).getUTCDay() : 1;
  const weekday = WEEKDAYS[(day + 6) % 7] as Weekday;
  const nth = (valid ? Math.min(4, Math.ceil(d / 7)) : 1) as Nth;
  return {
    frequency: 'weekly',
    interval: 1,
    weekdays: [weekday],
    nth,
    weekday,
    ends: 'count',
    count: 10,
    until: '',
    raw: '',
  };
}

/** The RRULE text for the choices, parts in the order RFC 5545's examples use. */
export function buildRrule(choice: RepeatChoice): string {
  if (choice.frequency === 'raw') return choice.raw.trim().replace(/^RRULE:/i, '');
  const parts = [`FREQ=${choice.frequency.toUpperCase()}`];
  if (choice.interval !== 1) parts.push(`INTERVAL=${choice.interval}`);
  if (choice.frequency === 'weekly' && choice.weekdays.length > 0)
    parts.push(`BYDAY=${WEEKDAYS.filter((w) => choice.weekdays.includes(w)).join(',')}`);
  if (choice.frequency === 'monthly') parts.push(`BYDAY=${choice.nth}${choice.weekday}`);
  if (choice.ends === 'count') parts.push(`COUNT=${choice.count}`);
  else parts.push(`UNTIL=${choice.until.replaceAll('-', '')}`);
  return parts.join(';');
}

function list(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The choices in words, to read back before scheduling. */
export function describeRepeat(choice: RepeatChoice): string {
  if (choice.frequency === 'raw') return `By the rule ${buildRrule(choice) || '(empty)'}`;
  const unit = { daily: 'day', weekly: 'week', monthly: 'month' }[choice.frequency];
  let text = choice.interval === 1 ? `Every ${unit}` : `Every ${choice.interval} ${unit}s`;
  if (choice.frequency === 'weekly' && choice.weekdays.length > 0)
    text += ` on ${list(WEEKDAYS.filter((w) => choice.weekdays.includes(w)).map((w) => WEEKDAY_TEXT[w]))}`;
  if (choice.frequency === 'monthly')
    text += ` on the ${NTH_TEXT[String(choice.nth)]} ${WEEKDAY_TEXT[choice.weekday]}`;
  text +=
    choice.ends === 'count'
      ? `, ${choice.count} time${choice.count === 1 ? '' : 's'}`
      : `, until ${choice.until || '(no date)'}`;
  return text;
}

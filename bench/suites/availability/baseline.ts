import type BetterSqlite3 from 'better-sqlite3';

/**
 * The baseline: weighted time in outage per service over `[from, to)` in one SQL statement on
 * the same file, without calendars, MTTR or budgets: the state at `from` (the latest change at or
 * before it, on the (service, at) index), then the changes inside, each lasting until the next
 * (LEAD); major outage counts 1, partial 0.3, maintenance nothing. For a service around the
 * clock this is exactly the calculator's weighted downtime.
 */
export function createBaseline(db: BetterSqlite3.Database) {
  const statement = db.prepare(`
    with timeline as (
      select s.id as service, @from as at, 0 as seq,
        coalesce(c.to_level, 'operational') as level, coalesce(c.to_maintenance, 0) as maintenance
      from services s
      left join status_changes c on c.id = (
        select id from status_changes l where l.service = s.id and l.at <= @from
        order by l.at desc, l.id desc limit 1)
      union all
      select service, at, id, to_level, to_maintenance from status_changes
      where at > @from and at < @to
    ),
    spans as (
      select service, level, maintenance, at,
        lead(at, 1, @to) over (partition by service order by at, seq) as until
      from timeline
    )
    select service, sum(
      case when maintenance = 1 then 0
        when level = 'major_outage' then 1.0
        when level = 'partial_outage' then 0.3
        else 0 end * (until - at)) as downMs
    from spans group by service`);
  return (from: number, to: number): Map<string, number> => {
    const result = new Map<string, number>();
    for (const row of statement.iterate({ from, to }) as Iterable<{
      service: string;
      downMs: number;
    }>)
      result.set(row.service, row.downMs);
    return result;
  };
}

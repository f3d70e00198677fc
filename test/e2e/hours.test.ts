import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/in-process.js';

describe('ipex-bill hours', () => {
  it('finds a customer by part of the name without accents and shows the month so far', async () => {
    const result = (await cli(['hours', 'velky', '--month', '2024-05', '--as-of', '2024-05-15']));
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('C01 · Velký zákazník a.s. · 2024-05, as of 2024-05-15');
    expect(result.stdout).toContain('Tier VIP — response within 4 hours');
    expect(result.stdout).toMatch(/Used +4:15 h {2}█+░+ {2}43 %/);
    expect(result.stdout).toContain('Consultation sessions this year: 3 of 4 used, 1 left');
  });

  it('lists the candidates and exits 6 when the name is ambiguous or unknown', async () => {
    const ambiguous = (await cli(['hours', 'a.s', '--month', '2024-05']));
    expect(ambiguous.status).toBe(6);
    expect(ambiguous.stderr).toContain('"a.s" matches 2 customers');
    expect(ambiguous.stderr).toContain('C08  Call centrum Morava, a.s.');
    const unknown = (await cli(['hours', 'nobody', '--month', '2024-05']));
    expect(unknown.status).toBe(6);
    expect(unknown.stderr).toContain('no customer with a tier in 2024-05 matches "nobody"');
    expect(unknown.stdout).toBe('');
  });

  it('shows every customer with --all, fewest minutes left first with --sort left', async () => {
    const result = (await cli(['hours', '--all', '--month', '2024-05', '--sort', 'left', '--json']));
    expect(result.status).toBe(0);
    const left = JSON.parse(result.stdout).customers.map((c: { left_minutes: number }) => c.left_minutes);
    expect(left).toEqual([...left].sort((a, b) => a - b));
    expect(left).toHaveLength(12);
  });

  it.each([
    [['hours', '--month', '2024-05'], /which customer\?/],
    [['hours', 'C01', '--all', '--month', '2024-05'], /not both/],
    [['hours', 'C01', '--month', '2024-05', '--as-of', '2024-06-01'], /must be a day \(YYYY-MM-DD\) in 2024-05/],
    [['hours', 'C01', '--month', '2024-05', '--sort', 'name'], /Allowed choices/],
  ])('exits 2 on a usage error: %j', async (args, message) => {
    const result = (await cli(args));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('defaults to the current month in Prague, read from the clock, and says when it has no entries instead of showing 0:00 (issue 13)', async () => {
    const result = (await cli(['hours', 'C09', '--json']));
    // The sample's logs end in June 2024, so the current month has no entries at all.
    const current = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Prague', year: 'numeric', month: '2-digit' }).format(new Date());
    expect(result.status).toBe(11);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `ipex-bill: no work-log entry is dated in ${current} (they cover 2023-11-20 to 2024-06-03), so there are no hours to count. Check --month and that the export is up to date.\n`,
    );
  });
});

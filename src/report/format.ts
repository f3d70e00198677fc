import type { Haler, Minutes } from '../billing/types.js';

/** Amount for accounting files: CZK with two decimals, no grouping (`2200.00`, or `2200,00` with a decimal comma). */
export function formatCsvAmount(amount: Haler, decimalMark: '.' | ',' = '.'): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}${decimalMark}${String(abs % 100).padStart(2, '0')}`;
}

/** Amount for people, Czech style: `1 250 Kč`, `1 250,50 Kč` (space-grouped thousands, decimal comma). */
export function formatCzk(amount: Haler): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const whole = groupThousands(Math.floor(abs / 100));
  const cents = abs % 100;
  return `${sign}${whole}${cents === 0 ? '' : `,${String(cents).padStart(2, '0')}`} Kč`;
}

/** A whole number for people, Czech style: `4 912 331` (space-grouped thousands). */
export function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** Minutes for people as hours and minutes: `1:30`, `0:05`, `12:00`. */
export function formatHours(minutes: Minutes): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

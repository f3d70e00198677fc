import type { Language, Role, Tier } from '../billing/types.js';
import { groupThousands } from './format.js';

/*
 * Every word of the customer's statement document, one catalogue per language (issue 15, R11). The Czech one is
 * the reference; the English one has the same keys (the compiler holds it to Czech's type and a test compares
 * them). Numbers are formatted here too, since their form is part of the language: `2. 5. 2024`, `1 250 Kč`.
 */

const NBSP = '\u00a0';

/** Czech plural: 1 hodina, 2–4 hodiny, 5 a více hodin. */
function czechPlural(n: number, one: string, few: string, many: string): string {
  return n === 1 ? one : n >= 2 && n <= 4 ? few : many;
}

const csMonths = ['leden', 'únor', 'březen', 'duben', 'květen', 'červen', 'červenec', 'srpen', 'září', 'říjen', 'listopad', 'prosinec'];
const enMonths = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Minutes as `1:30 h`. */
function duration(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}${NBSP}h`;
}

/** `09:05` as `9:05`. */
function clock(time: string): string {
  return time.replace(/^0(?=\d:)/, '');
}

const cs = {
  title: (month: string) => `Rozpis technické podpory — ${csMonths[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`,
  period: 'Období',
  invoiceKey: 'K faktuře',
  supplier: 'Dodavatel',
  customer: 'Odběratel',
  customerId: 'Zákaznické číslo',
  ico: 'IČO',
  dic: 'DIČ',
  bank: 'Bankovní spojení',
  support: 'Technická podpora',
  package: 'Balíček podpory',
  tier: (tier: Tier): string => ({ NONE: 'BEZ PODPORY', STANDARD: 'STANDARD', PLUS: 'PLUS', VIP: 'VIP' })[tier],
  response: (hours: number | null) =>
    hours === null ? 'reakce na požadavek negarantována' : `garantovaná reakce do ${hours} ${czechPlural(hours, 'hodiny', 'hodin', 'hodin')}`,
  included: 'Hodiny v ceně',
  topUps: (blocks: number, minutes: number) => `z toho dokoupeno ${duration(minutes)} (${blocks} ${czechPlural(blocks, 'blok', 'bloky', 'bloků')})`,
  used: 'Čerpáno',
  left: 'Zbývá',
  noCarryOver: 'Nevyčerpané hodiny se do dalšího měsíce nepřevádějí.',
  sessions: (year: number, used: number, perYear: number) =>
    `Konzultace k rozvoji systému v roce ${year}: využito ${Math.min(used, perYear)} z ${perYear}, ${czechPlural(Math.max(perYear - used, 0), 'zbývá', 'zbývají', 'zbývá')} ${Math.max(perYear - used, 0)}`,
  contact: (role: Role): string => (role === 'consultant' ? 'Přidělený konzultant' : 'Přidělený technik'),
  work: 'Provedené činnosti',
  noWork: 'V tomto měsíci nebyla provedena žádná práce.',
  columns: { date: 'Datum', time: 'Čas', technician: 'Pracovník', activity: 'Činnost', description: 'Popis', duration: 'Trvání', billing: 'Účtování' },
  role: (role: Role): string => (role === 'consultant' ? 'konzultant' : 'technik'),
  free: 'zdarma',
  paid: (caseId: string | null) => (caseId === null ? 'placeno' : `placeno, případ ${caseId}`),
  session: (ordinal: number, perYear: number) => (ordinal <= perYear ? `konzultace ${ordinal} z ${perYear}` : `konzultace ${ordinal} (nad roční počet)`),
  overAllowance: 'nad limit placeno',
  manual: 'posouzeno individuálně',
  units: (step: number) => `Placené případy (každý zaokrouhlen nahoru na celých ${step} minut)`,
  unitColumns: { case: 'Případ', role: 'Role', worked: 'Odpracováno', billed: 'Účtováno', covered: 'Z balíčku', charged: 'Nad rámec', rate: 'Sazba/h', amount: 'Částka' },
  noCase: (date: string) => `bez čísla (${dateText('cs', date)})`,
  packageFee: (tier: string) => `Paušál balíčku ${tier}`,
  topUpFee: (blocks: number) => `Dokoupené hodiny (${blocks} ${czechPlural(blocks, 'blok', 'bloky', 'bloků')})`,
  workAmount: (minutes: number) => `Práce nad rámec balíčku (${duration(minutes)})`,
  paidWork: (minutes: number) => `Placená práce (${duration(minutes)})`,
  total: 'Celkem bez DPH',
  page: (page: number, pages: number) => `strana ${page} z ${pages}`,
  continued: 'pokračování',
  cut: (more: number) => `… (dalších ${groupThousands(more).replace(/ /g, NBSP)} znaků zkráceno)`,
  amount: (haler: number) => czechAmount(haler, 'Kč'),
  date: (date: string) => dateText('cs', date),
  duration,
};

export type Messages = typeof cs;

const en: Messages = {
  title: (month: string) => `Technical support statement — ${enMonths[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`,
  period: 'Period',
  invoiceKey: 'Invoice key',
  supplier: 'Supplier',
  customer: 'Customer',
  customerId: 'Customer number',
  ico: 'Company ID',
  dic: 'VAT ID',
  bank: 'Bank account',
  support: 'Technical support',
  package: 'Support package',
  tier: (tier: Tier) => ({ NONE: 'NO SUPPORT', STANDARD: 'STANDARD', PLUS: 'PLUS', VIP: 'VIP' })[tier],
  response: (hours: number | null) => (hours === null ? 'response not guaranteed' : `guaranteed response within ${hours} hour${hours === 1 ? '' : 's'}`),
  included: 'Included hours',
  topUps: (blocks: number, minutes: number) => `of which ${duration(minutes)} bought (${blocks} top-up block${blocks === 1 ? '' : 's'})`,
  used: 'Used',
  left: 'Left',
  noCarryOver: 'Unused hours do not carry over to the next month.',
  sessions: (year: number, used: number, perYear: number) =>
    `Consultations on system development in ${year}: ${Math.min(used, perYear)} of ${perYear} used, ${Math.max(perYear - used, 0)} left`,
  contact: (role: Role) => (role === 'consultant' ? 'Assigned consultant' : 'Assigned technician'),
  work: 'Work done',
  noWork: 'No support work this month.',
  columns: { date: 'Date', time: 'Time', technician: 'Done by', activity: 'Activity', description: 'Description', duration: 'Duration', billing: 'Billing' },
  role: (role: Role) => role,
  free: 'free',
  paid: (caseId: string | null) => (caseId === null ? 'paid' : `paid, case ${caseId}`),
  session: (ordinal: number, perYear: number) => (ordinal <= perYear ? `consultation ${ordinal} of ${perYear}` : `consultation ${ordinal} (beyond the yearly number)`),
  overAllowance: 'paid beyond the limit',
  manual: 'assessed individually',
  units: (step: number) => `Paid cases (each rounded up to whole ${step}-minute steps)`,
  unitColumns: { case: 'Case', role: 'Role', worked: 'Worked', billed: 'Billed', covered: 'Included', charged: 'Charged', rate: 'Rate/h', amount: 'Amount' },
  noCase: (date: string) => `no number (${dateText('en', date)})`,
  packageFee: (tier: string) => `${tier} package fee`,
  topUpFee: (blocks: number) => `Top-up hours (${blocks} block${blocks === 1 ? '' : 's'})`,
  workAmount: (minutes: number) => `Work beyond the package (${duration(minutes)})`,
  paidWork: (minutes: number) => `Paid work (${duration(minutes)})`,
  total: 'Total excluding VAT',
  page: (page: number, pages: number) => `page ${page} of ${pages}`,
  continued: 'continued',
  cut: (more: number) => `… (${groupThousands(more).replace(/ /g, ',')} more characters left out)`,
  amount: (haler: number) => englishAmount(haler),
  date: (date: string) => dateText('en', date),
  duration,
};

export const MESSAGES: Record<Language, Messages> = { cs, en };

/** A time span as the page shows it: `9:00–10:30`, or only the start when the end is not known. */
export function timeSpan(start: string | null, end: string | null): string {
  if (start === null) return '';
  return end === null ? clock(start) : `${clock(start)}–${clock(end)}`;
}

function dateText(language: Language, date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return language === 'cs' ? `${day}.${NBSP}${month}.${NBSP}${year}` : `${day}${NBSP}${enMonths[month - 1]!.slice(0, 3)}${NBSP}${year}`;
}

/** `1 250 Kč`, `1 250,50 Kč`, with non-breaking spaces so an amount never wraps. */
function czechAmount(haler: number, currency: string): string {
  const sign = haler < 0 ? '−' : '';
  const abs = Math.abs(haler);
  const cents = abs % 100;
  return `${sign}${groupThousands(Math.floor(abs / 100)).replace(/ /g, NBSP)}${cents === 0 ? '' : `,${String(cents).padStart(2, '0')}`}${NBSP}${currency}`;
}

/** `CZK 1,250`, `CZK 1,250.50`. */
function englishAmount(haler: number): string {
  const sign = haler < 0 ? '−' : '';
  const abs = Math.abs(haler);
  const cents = abs % 100;
  return `${sign}CZK${NBSP}${groupThousands(Math.floor(abs / 100)).replace(/ /g, ',')}${cents === 0 ? '' : `.${String(cents).padStart(2, '0')}`}`;
}

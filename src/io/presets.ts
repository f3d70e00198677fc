import type { LogFormat } from './log-format.js';

// Kept apart from the format reader (and luxon) so that commands can list the preset names without loading it.

/**
 * Ready-made formats. Neither maps the tools' own "Billable" flag: in those tools it is usually on for all
 * work, and here `billable` overrides the catalogue (R1), so it would bill outages. Tags become the activity.
 */
export const PRESETS = {
  toggl: {
    name: '--preset toggl',
    columns: { customer: 'Client', case: 'Task', date: 'Start date', start: 'Start time', minutes: 'Duration', technician: 'User', activity: 'Tags', description: 'Description' },
    idFrom: ['Email', 'Start date', 'Start time'],
    dateFormats: ['yyyy-MM-dd'],
    timeFormats: ['HH:mm:ss', 'H:mm:ss', 'HH:mm'],
    duration: 'hh:mm:ss',
  },
  clockify: {
    name: '--preset clockify',
    columns: { customer: 'Client', case: 'Task', date: 'Start Date', start: 'Start Time', minutes: 'Duration (h)', technician: 'User', activity: 'Tags', description: 'Description' },
    idFrom: ['Email', 'Start Date', 'Start Time'],
    dateFormats: ['MM/dd/yyyy', 'dd.MM.yyyy', 'yyyy-MM-dd'],
    timeFormats: ['HH:mm:ss', 'H:mm:ss', 'hh:mm:ss a', 'h:mm:ss a', 'HH:mm', 'h:mm a'],
    duration: 'hh:mm:ss',
  },
} as const satisfies Record<string, LogFormat>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

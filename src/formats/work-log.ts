/** The work log's columns under their canonical names (contract; docs/outputs.md), in the order files list them. */
export const LOG_COLUMNS = ['id', 'case', 'customer', 'date', 'start', 'end', 'minutes', 'technician', 'role', 'activity', 'cause', 'billable', 'description'] as const;
export type LogColumn = (typeof LOG_COLUMNS)[number];

/**
 * The statuses of a registration, and the two sets the rules speak of. Here, below every room:
 * the deadlines' audiences, the date poll and the seats read registrations too, some in SQL.
 */
export const REGISTRATION_STATUSES = ['interested', 'confirmed', 'excused', 'cancelled'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** Taking part: deadlines ask things of them, seats and date notices are for them. */
export const ACTIVE_STATUSES = ['interested', 'confirmed'] as const satisfies readonly RegistrationStatus[];

/** Stepped back: their seats go to the waitlists, and deadlines no longer ask anything of them. */
export const WITHDRAWN_STATUSES = ['excused', 'cancelled'] as const satisfies readonly RegistrationStatus[];

export function isActive(status: RegistrationStatus): boolean {
  return (ACTIVE_STATUSES as readonly RegistrationStatus[]).includes(status);
}

export function isWithdrawn(status: RegistrationStatus): boolean {
  return (WITHDRAWN_STATUSES as readonly RegistrationStatus[]).includes(status);
}

/** The sets for raw SQL, as `status in ${ACTIVE_STATUSES_SQL}`: constants, never user input. */
export const ACTIVE_STATUSES_SQL = sqlList(ACTIVE_STATUSES);
export const WITHDRAWN_STATUSES_SQL = sqlList(WITHDRAWN_STATUSES);

function sqlList(values: readonly RegistrationStatus[]): string {
  return `(${values.map((v) => `'${v}'`).join(', ')})`;
}

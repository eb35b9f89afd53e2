export const ROLES = ['viewer', 'organiser', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** An organiser: a user with a role, or the bootstrap ADMIN_TOKEN (no user). */
export interface OrganiserPrincipal {
  kind: 'organiser';
  role: Role;
  userId: string | null;
  label: string;
}

/** A contact of an authority holding a magic link: its own organisation, for one edition. */
export interface AuthorityPrincipal {
  kind: 'authority';
  organisationId: string;
  forumId: string;
  contactId: string;
  accessLinkId: string;
  /** False once the organisation is no longer invited to the edition: the link then opens nothing. */
  invited: boolean;
  label: string;
}

export type Principal = OrganiserPrincipal | AuthorityPrincipal;

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

export function isOrganiser(principal: Principal | undefined): principal is OrganiserPrincipal {
  return principal?.kind === 'organiser';
}

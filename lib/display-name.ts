/** How people are named on screen: their first and last name when they gave one, else their username. */
export function fullName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`.trim();
}

export function displayName(person: { username: string; firstName: string; lastName: string }): string {
  return fullName(person) || person.username;
}

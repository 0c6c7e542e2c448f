/** How a person is named to others: their full name when they gave one, else their username. */
export function displayName(person: { username: string; firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`.trim() || person.username;
}

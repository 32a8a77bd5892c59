/** "10月1日 09:00–11:30" from two China-time instants (the server writes them with +08:00). */
export function spanText(startsAt: string, endsAt: string): string {
  const d = startsAt.slice(5, 10).replace('-', '/');
  return `${d} ${startsAt.slice(11, 16)}–${endsAt.slice(11, 16)}`;
}

export function clockOf(at: string | null): string {
  return at ? at.slice(11, 16) : '';
}

// Lookups by an id the user wrote see only the user's ids. A plain object answers "constructor",
// "toString" or "__proto__" with what every JavaScript object inherits, so records keyed by user ids
// have no prototype, and lookups into records that may have one go through own().

/** A record keyed by user ids, with no inherited properties. */
export function recordOf<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const record = Object.create(null) as Record<string, T>;
  for (const [id, value] of entries) record[id] = value;
  return record;
}

/** The value under a user's id, or undefined: never an inherited property. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, id: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, id) ? record[id] : undefined;
}

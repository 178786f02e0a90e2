// Lookups and writes by a key taken from a design, on own properties only: a name such as `constructor`,
// `toString` or `__proto__` is plain data and never reaches Object.prototype (issue 17, item 7).

/** `record[key]` when `record` has that key of its own, else undefined. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `record[key]` as an own data property: `__proto__` becomes a key instead of replacing the prototype. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

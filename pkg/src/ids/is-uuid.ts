const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a well-formed UUID (any version). Every id the services mint is one, so a string that is not names
 * nothing; checking first also spares PostgreSQL a failing `::uuid` cast.
 */
export const isUuid = (value: string): boolean => UUID.test(value);

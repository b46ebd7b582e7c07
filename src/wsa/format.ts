/**
 * Text for a value that should have been a number, for messages: it must never throw, whatever
 * a caller passed (a symbol, a detached typed array, an object with a throwing toString).
 */
export function numberText(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return `<${v === null ? 'null' : typeof v}>`;
}

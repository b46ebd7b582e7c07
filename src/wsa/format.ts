/**
 * The one formatter for a bad value in a message. It must never throw, whatever a caller passed:
 * `String()` throws for a symbol, an object's own `toString` may throw or lie, and a view of a
 * detached buffer is still an object. So no user code runs here: primitives are written out,
 * objects by their built-in tag.
 */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case 'number': case 'boolean': case 'undefined': return String(v);
    case 'bigint': return `${v}n`;
    case 'string': return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
    case 'symbol': return v.description === undefined ? 'Symbol()' : `Symbol(${describeValue(v.description)})`;
    case 'function': return '<function>';
    default:
      if (v === null) return 'null';
      try {
        // A Symbol.toStringTag getter is the one piece of user code this can reach.
        return Object.prototype.toString.call(v);
      } catch {
        return '<object>';
      }
  }
}

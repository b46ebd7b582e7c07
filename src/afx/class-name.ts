/**
 * A bundler turns a class that refers to itself into `var CFile = class _CFile {...}` (the
 * package's own build does), and `CFile.name`, `e.name` and stack traces then show `_CFile`.
 * Each such class gives its MFC name back once, after its definition.
 */
export function keepClassName(cls: abstract new (...args: never[]) => unknown, name: string): void {
  if (cls.name !== name) Object.defineProperty(cls, 'name', { value: name, configurable: true });
}

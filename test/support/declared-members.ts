/**
 * The public surface of a class as its source declares it, read with the TypeScript compiler
 * (JS reflection cannot tell a private method from a public one). Protected members count when
 * they are MFC's overridable notifications or helpers a subclass calls (the `On…` methods).
 */
import ts from 'typescript';
import { readFileSync } from 'node:fs';

export interface DeclaredMember {
  name: string;
  isStatic: boolean;
  kind: 'method' | 'property' | 'accessor' | 'constructor';
  protected: boolean;
}

export function classMembers(file: string, className: string): DeclaredMember[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  let found: ts.ClassDeclaration | undefined;
  src.forEachChild((n) => {
    if (ts.isClassDeclaration(n) && n.name?.text === className) found = n;
  });
  if (found === undefined) throw new Error(`no class ${className} in ${file}`);
  const out = new Map<string, DeclaredMember>();
  for (const m of found.members) {
    const mods = ts.canHaveModifiers(m) ? ts.getModifiers(m) ?? [] : [];
    const has = (k: ts.SyntaxKind): boolean => mods.some((x) => x.kind === k);
    if (has(ts.SyntaxKind.PrivateKeyword)) continue;
    if (m.name !== undefined && ts.isPrivateIdentifier(m.name)) continue;
    // Symbol-keyed members (`[kFail]()`) are the package's internals, not part of MFC's surface.
    if (m.name !== undefined && ts.isComputedPropertyName(m.name)) continue;
    const isProtected = has(ts.SyntaxKind.ProtectedKeyword);
    let kind: DeclaredMember['kind'];
    let name: string;
    if (ts.isConstructorDeclaration(m)) {
      kind = 'constructor';
      name = 'constructor';
    } else if (ts.isMethodDeclaration(m)) {
      kind = 'method';
      name = m.name.getText(src);
    } else if (ts.isPropertyDeclaration(m)) {
      kind = 'property';
      name = m.name.getText(src);
    } else if (ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)) {
      kind = 'accessor';
      name = m.name.getText(src);
    } else {
      continue;
    }
    if (isProtected && !/^On[A-Z]/.test(name)) continue;
    out.set(`${has(ts.SyntaxKind.StaticKeyword) ? 'static ' : ''}${name}`, { name, isStatic: has(ts.SyntaxKind.StaticKeyword), kind, protected: isProtected });
  }
  return [...out.values()];
}

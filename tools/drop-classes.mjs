// Drops the JS classes the glue exports for Rust types that no code uses.
//
// wasm-bindgen exports a class for every `#[wasm_bindgen]` struct in the
// dependency tree, used or not: Leptos depends on `server_fn`, which brings
// `wasm-streams`' three stream adapters (`IntoUnderlyingSource`, …). The
// console never builds one: no Rust code hands one to JS (the glue has no
// `<Class>.__wrap`) and the loader imports only the glue's `default`. Each
// such class is removed from the glue with its finalization registry, and
// the wasm exports only it called are removed from the main module, so that
// wasm-opt then drops their code. Anything unexpected stops the build.

import { rewriteExports } from './short-imports.mjs';

/**
 * Removes the exported classes of `js` that nothing constructs, and the
 * exports of `wasm` (a Buffer) only they call. Returns `{ wasm, js, dropped }`.
 */
export function dropUnusedClasses(wasm, js) {
  let out = js;
  const dropped = [];
  const gone = new Set();
  for (const [, name] of js.matchAll(/^export class (\w+) \{$/gm)) {
    if (js.includes(`${name}.__wrap(`)) continue;
    const start = out.indexOf(`export class ${name} {\n`);
    const disposeLine = `if (Symbol.dispose) ${name}.prototype[Symbol.dispose] = ${name}.prototype.free;\n`;
    const classEnd = out.indexOf('\n}\n', start);
    const end = out.indexOf(disposeLine, classEnd);
    if (start < 0 || classEnd < 0 || end < 0 || out.slice(classEnd + 3, end).trim() !== '') {
      throw new Error(`drop-classes: the glue's class ${name} is not laid out as expected`);
    }
    const registry = new RegExp(
      `^const ${name}Finalization = \\(typeof FinalizationRegistry === 'undefined'\\)\\n.*\\n.*\\n`,
      'm',
    );
    const text = out.slice(start, end + disposeLine.length) + (out.match(registry)?.[0] ?? '');
    out = out.slice(0, start) + out.slice(end + disposeLine.length);
    out = out.replace(registry, '');
    if (new RegExp(`\\b${name}\\b`).test(out)) {
      throw new Error(`drop-classes: ${name} is still named in the glue after removing it`);
    }
    for (const [, exp] of text.matchAll(/\bwasm\.(\w+)/g)) gone.add(exp);
    dropped.push(name);
  }
  for (const exp of gone) {
    if (new RegExp(`\\bwasm\\.${exp}\\b`).test(out)) gone.delete(exp);
  }
  if (gone.size === 0) return { wasm, js: out, dropped };

  const rewritten = rewriteExports(wasm, (field, kind) => (gone.has(field) && kind === 0 ? null : field), 'drop-classes');
  if (rewritten.dropped !== gone.size) {
    throw new Error(`drop-classes: ${gone.size} exports to remove, ${rewritten.dropped} found in the wasm`);
  }
  return { wasm: rewritten.wasm, js: out, dropped };
}

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

import { readName, readU32, writeName, writeU32 } from './short-imports.mjs';

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

  const bytes = new Uint8Array(wasm);
  let pos = 8;
  let exports = null;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, body] = readU32(bytes, pos + 1);
    if (id === 7) exports = { start: pos, body, end: body + size };
    pos = body + size;
  }
  if (!exports) throw new Error('drop-classes: the wasm has no export section');
  let [count, at] = readU32(bytes, exports.body);
  const kept = [];
  let removed = 0;
  for (let i = 0; i < count; i++) {
    let field;
    [field, at] = readName(bytes, at);
    const kind = bytes[at];
    let index;
    [index, at] = readU32(bytes, at + 1);
    if (gone.has(field) && kind === 0) removed++;
    else kept.push(...writeName(field), kind, ...writeU32(index));
  }
  if (at !== exports.end) throw new Error('drop-classes: the export section did not parse to its end');
  if (removed !== gone.size) {
    throw new Error(`drop-classes: ${gone.size} exports to remove, ${removed} found in the wasm`);
  }
  const body = [...writeU32(count - removed), ...kept];
  const section = [7, ...writeU32(body.length), ...body];
  const result = Buffer.concat([
    Buffer.from(bytes.subarray(0, exports.start)),
    Buffer.from(section),
    Buffer.from(bytes.subarray(exports.end)),
  ]);
  return { wasm: result, js: out, dropped };
}

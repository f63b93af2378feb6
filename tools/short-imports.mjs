// Short names for the imports the JS glue hands the main wasm module.
//
// wasm-bindgen names each import `__wbg_<method>_<16 hex>` under the module
// `./<name>_bg.js`, and both the wasm's import section and the glue's import
// object spell every name out: a few hundred hashes that brotli cannot
// shrink, downloaded twice on the first visit. This renames them to `a`,
// `b`, … `aa`, … in both files, consistently, and refuses to write anything
// if a name is not found exactly once as a key in the glue.

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function shortName(i) {
  let s = '';
  do {
    s = LETTERS[i % LETTERS.length] + s;
    i = Math.floor(i / LETTERS.length) - 1;
  } while (i >= 0);
  return s;
}

export function readU32(bytes, at) {
  let result = 0;
  let shift = 0;
  let pos = at;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [result, pos];
  }
}

export function writeU32(n) {
  const out = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function readName(bytes, at) {
  const [len, pos] = readU32(bytes, at);
  return [Buffer.from(bytes.subarray(pos, pos + len)).toString('utf8'), pos + len];
}

export function writeName(text) {
  const b = Buffer.from(text, 'utf8');
  return [...writeU32(b.length), ...b];
}

// Where the section with `id` is in `bytes`: `{ start, body, end }`, or null.
function findSection(bytes, id) {
  let pos = 8;
  while (pos < bytes.length) {
    const [size, body] = readU32(bytes, pos + 1);
    if (bytes[pos] === id) return { start: pos, body, end: body + size };
    pos = body + size;
  }
  return null;
}

// `bytes` with `found` (a `findSection` answer) replaced by a section of
// the same id holding `body`.
function withSection(bytes, found, body) {
  return Buffer.concat([
    Buffer.from(bytes.subarray(0, found.start)),
    Buffer.from([bytes[found.start], ...writeU32(body.length), ...body]),
    Buffer.from(bytes.subarray(found.end)),
  ]);
}

// The end of an import's description, which starts at `at`.
function skipImportDesc(bytes, at) {
  const kind = bytes[at];
  let pos = at + 1;
  const limits = () => {
    const flags = bytes[pos++];
    [, pos] = readU32(bytes, pos);
    if (flags & 1) [, pos] = readU32(bytes, pos);
  };
  switch (kind) {
    case 0x00: // function: type index
      [, pos] = readU32(bytes, pos);
      return pos;
    case 0x01: // table: reference type, limits
      pos += 1;
      limits();
      return pos;
    case 0x02: // memory: limits
      limits();
      return pos;
    case 0x03: // global: value type, mutability
      return pos + 2;
    case 0x04: // tag: attribute, type index
      pos += 1;
      [, pos] = readU32(bytes, pos);
      return pos;
    default:
      throw new Error(`short-imports: unknown import kind ${kind}`);
  }
}

/**
 * Renames every import of `module` in `wasm` (a Buffer) and the matching
 * keys of the glue `js`; the module itself becomes `m`.
 * Returns `{ wasm, js, renamed }`.
 */
export function shortenImports(wasm, js, module) {
  const bytes = new Uint8Array(wasm);
  const imports = findSection(bytes, 2);
  if (!imports) return { wasm, js, renamed: 0 };

  let [count, at] = readU32(bytes, imports.body);
  const entries = [];
  const names = new Map();
  for (let i = 0; i < count; i++) {
    let mod, field;
    [mod, at] = readName(bytes, at);
    [field, at] = readName(bytes, at);
    const descStart = at;
    at = skipImportDesc(bytes, at);
    if (mod === module && !names.has(field)) names.set(field, shortName(names.size));
    entries.push({ mod, field, desc: bytes.subarray(descStart, at) });
  }
  if (at !== imports.end) throw new Error('short-imports: the import section did not parse to its end');

  // The glue: each name must be a key of the import object exactly once.
  let out = js;
  for (const [old, short] of names) {
    const key = new RegExp(`(^|[\\s{,])${old.replace(/[$]/g, '\\$&')}(\\s*:)`, 'gm');
    const found = [...out.matchAll(key)].length;
    if (found !== 1) throw new Error(`short-imports: ${old} is a key of the glue ${found} times, not once`);
    out = out.replace(key, `$1${short}$2`);
  }
  const moduleKey = JSON.stringify(module);
  if (out.split(moduleKey).length !== 2) throw new Error(`short-imports: the glue does not name ${module} once`);
  out = out.replace(moduleKey, '"m"');

  const body = [...writeU32(count)];
  for (const e of entries) {
    const renamed = e.mod === module;
    body.push(...writeName(renamed ? 'm' : e.mod), ...writeName(renamed ? names.get(e.field) : e.field), ...e.desc);
  }
  return { wasm: withSection(bytes, imports, body), js: out, renamed: names.size };
}

/**
 * Rewrites the export section of `wasm` (a Buffer): `rename(field, kind)`
 * gives each export's new name, or `null` to drop it. `tool` names the
 * caller in errors. Returns `{ wasm, dropped }`.
 */
export function rewriteExports(wasm, rename, tool) {
  const bytes = new Uint8Array(wasm);
  const exports = findSection(bytes, 7);
  if (!exports) throw new Error(`${tool}: the wasm has no export section`);
  let [count, at] = readU32(bytes, exports.body);
  const kept = [];
  let dropped = 0;
  for (let i = 0; i < count; i++) {
    let field;
    [field, at] = readName(bytes, at);
    const kind = bytes[at];
    let index;
    [index, at] = readU32(bytes, at + 1);
    const name = rename(field, kind);
    if (name === null) dropped++;
    else kept.push(...writeName(name), kind, ...writeU32(index));
  }
  if (at !== exports.end) throw new Error(`${tool}: the export section did not parse to its end`);
  return { wasm: withSection(bytes, exports, [...writeU32(count - dropped), ...kept]), dropped };
}

/**
 * Renames the main module's mangled exports (`_ZN…17h<16 hex>E`, the
 * closure trampolines wasm-bindgen exports with `--keep-lld-exports`) to
 * `z` + a short name, and each `wasm.<name>` of the glue `js` with them.
 * Every such name must be used by the glue. Returns `{ wasm, js, renamed }`.
 */
export function shortenExports(wasm, js) {
  let out = js;
  let renamed = 0;
  const rewritten = rewriteExports(
    wasm,
    (field) => {
      if (!field.startsWith('_ZN')) return field;
      const name = `z${shortName(renamed++)}`;
      const use = new RegExp(`\\bwasm\\.${field.replace(/[$]/g, '\\$&')}\\b`, 'g');
      if (!use.test(out)) throw new Error(`short-exports: the glue does not use ${field}`);
      out = out.replace(use, `wasm.${name}`);
      return name;
    },
    'short-exports',
  );
  return { wasm: rewritten.wasm, js: out, renamed };
}

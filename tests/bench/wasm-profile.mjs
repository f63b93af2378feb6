// twiggy's item lists of the console's wasm (before wasm-opt, with names)
// summarised for the benchmark: the largest items, the largest by retained
// size, and the bytes per crate, each as a share of code and data (custom
// sections such as the names, which wasm-opt drops, are left out).

const TOP = 25;
const TOP_RETAINED = 15;
const STD = new Set(['core', 'alloc', 'std', '__rustc']);
const STD_GROUP = 'core/alloc/std';
const DROP_GLUE = '(drop glue: core::ptr::drop_in_place<…>)';

const isCustom = (name) => /^"[^"]*" subsection$/.test(name) || name.startsWith('custom section ');
const withoutHash = (name) => name.replace(/::h[0-9a-f]{16}$/, '');

// The crate a path starts with, past `&`, `&mut `, `*const `, `dyn `, `[`,
// `(`; std's own symbols may carry a hash (`core[c5930c85a12de822]::`).
function leadingCrate(s) {
  const m = /^(?:&(?:mut )?|\*(?:const|mut) |dyn |\[|\()*([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(s);
  return m ? m[1] : null;
}

// ` as ` outside any `<…>`, in `<Type as Trait>::…` (the text after `<`).
function topLevelAs(s) {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '<') depth++;
    else if (c === '>') {
      if (depth === 0) return -1;
      depth--;
    } else if (depth === 0 && s.startsWith(' as ', i)) return i;
  }
  return -1;
}

/// The crate of a symbol: its first path segment; for `<Type as Trait>::f`
/// the type's crate, or the trait's when the type is a std or primitive one.
export function crateOf(symbol) {
  if (/^<(?:str|char|bool|[iuf](?:8|16|32|64|128|size)|\[.*\])>::/.test(symbol)) return 'core';
  if (symbol.startsWith('<')) {
    const inner = symbol.slice(1);
    const own = leadingCrate(inner);
    const as = topLevelAs(inner);
    if (as >= 0 && (own === null || STD.has(own))) return leadingCrate(inner.slice(as + 4)) ?? own;
    return own;
  }
  return leadingCrate(symbol);
}

function group(name) {
  if (isCustom(name)) return null;
  if (name.startsWith('data segment ')) return '(data segments: strings, tables, constants)';
  if (/^core(?:\[[0-9a-f]+\])?::ptr::drop_in_place</.test(name)) return DROP_GLUE;
  const crate = crateOf(name);
  if (crate === null) return '(wasm-bindgen glue, tables, imports, exports, headers)';
  return STD.has(crate) ? STD_GROUP : crate;
}

const round2 = (x) => Math.round(x * 100) / 100;

export function summarise(top, retained, tool) {
  const customBytes = top.filter((i) => isCustom(i.name)).reduce((t, i) => t + i.shallow_size, 0);
  const total = top.reduce((t, i) => t + i.shallow_size, 0);
  const codeAndData = total - customBytes;
  const share = (bytes) => round2((bytes / codeAndData) * 100);
  const crates = new Map();
  for (const i of top) {
    const g = group(i.name);
    if (g !== null) crates.set(g, (crates.get(g) ?? 0) + i.shallow_size);
  }
  const byCrate = [...crates.entries()].sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({ crate, bytes, percent: share(bytes) }));
  const shown = byCrate.slice(0, 20);
  const rest = byCrate.slice(20);
  if (rest.length > 0) {
    const bytes = rest.reduce((t, c) => t + c.bytes, 0);
    shown.push({ crate: `(${rest.length} more crates)`, bytes, percent: share(bytes) });
  }
  const items = (list, key, n) => list
    .filter((i) => !isCustom(i.name) && !/^(table|elem)\[\d+\]$/.test(i.name))
    .sort((a, b) => b[key] - a[key])
    .slice(0, n)
    .map((i) => ({ name: withoutHash(i.name), crate: group(i.name), bytes: i[key], percent: share(i[key]) }));
  return {
    tool,
    total_bytes: total,
    custom_section_bytes: customBytes,
    code_and_data_bytes: codeAndData,
    by_crate: shown,
    top: items(top, 'shallow_size', TOP),
    top_retained: items(retained, 'retained_size', TOP_RETAINED),
  };
}

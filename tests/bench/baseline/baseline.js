// The console's list page in plain JavaScript, as a reference for the
// benchmark: the same config.json, the same list requests and paging of the
// three providers, the same row cells, newest first, 20 rows, and the same
// search (name or id, 150 ms pause). The benchmark measures it with the code
// it measures the console with: `tbody tr` (first row), the `.refresh-state`
// text (empty once every page of every endpoint has arrived), the field
// labelled "Search name or ID" and `tbody a.instance-link` (filtered table).

const PAGE_SIZE = 100;
const ROWS = 20;
const SEARCH_DEBOUNCE_MS = 150;
const MAX_PAGES = 1000;

// Status words → neutral class, per provider (case-insensitive).
const STATUS = {
  modelarts: {
    create_queuing: 'queued', creating: 'transitional', create_failed: 'failed',
    start_queuing: 'queued', ready_to_start: 'queued', starting: 'transitional',
    restarting: 'transitional', start_failed: 'failed', running: 'running',
    stopping: 'transitional', stopped: 'stopped', unavailable: 'failed', deleted: 'deleted',
    resizing: 'transitional', resize_failed: 'failed',
  },
  'pai-dsw': {
    creating: 'transitional', resourceallocating: 'queued', envpreparing: 'transitional',
    queuing: 'queued', starting: 'transitional', running: 'running', updating: 'transitional',
    stopping: 'transitional', stopped: 'stopped', saving: 'transitional', saved: 'stopped',
    savefailed: 'failed', recovering: 'transitional', deleting: 'transitional', failed: 'failed',
  },
  scnet: {
    running: 'running', deploying: 'transitional', waiting: 'queued',
    terminated: 'stopped', failed: 'failed', completed: 'stopped',
  },
};
const CLASS_WORD = {
  running: 'Running', transitional: 'In progress', queued: 'Queued', stopped: 'Stopped',
  failed: 'Failed', deleted: 'Deleted', unknown: 'Unknown',
};

const nonEmpty = (v) => {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
};
const int = (v) => {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : null;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Math.trunc(Number(v));
  return null;
};
const float = (v) => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(typeof v === 'string' ? v.trim() : v);
  return Number.isFinite(n) ? n : null;
};

// `YYYY-MM-DD?HH:MM:SS[.fff][Z|±HH:MM]`; without a zone, `offsetMin` east of UTC.
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})?$/;
function parseDatetime(text, offsetMin) {
  const m = typeof text === 'string' ? DATETIME.exec(text.trim()) : null;
  if (!m) return null;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offset = offsetMin;
  if (m[8] && m[8].toUpperCase() !== 'Z') {
    const z = m[8].replace(':', '');
    offset = (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  } else if (m[8]) {
    offset = 0;
  }
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms) - offset * 60000;
}

const fmtNumber = (v) => (Math.abs(v - Math.round(v)) < 1e-9 ? String(Math.round(v)) : v.toFixed(1));
const fmtMib = (mib) => (mib >= 1024 && mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`);

// `8 vCPU · 1 × v100NV32 · 64GiB`.
function hardwareText(hw) {
  const parts = [];
  if (hw.cpu !== null) parts.push(`${fmtNumber(hw.cpu)} vCPU`);
  if (hw.count > 0) parts.push(`${hw.count} × ${hw.model || (hw.kind === 'npu' ? 'NPU' : 'GPU')}`);
  if (hw.memory) parts.push(hw.memory);
  return parts.join(' · ');
}

function modelartsHardware(item) {
  const details = item.flavor_details ?? {};
  const params = details.params ?? {};
  const type = String(details.type ?? item.profile?.flavor_type ?? '').toUpperCase();
  const gpus = int(params.GPU);
  const npus = int(params.NPU);
  const g = gpus !== null && gpus >= 0 ? gpus : null;
  const n = npus !== null && npus >= 0 ? npus : null;
  let kind = 'unknown';
  let count = g ?? n;
  let model = null;
  if ((n !== null && n > 0) || (type === 'ASCEND' && n !== null)) {
    [kind, count, model] = ['npu', n, nonEmpty(params.type)];
  } else if (g !== null && g > 0) {
    [kind, count, model] = ['gpu', g, nonEmpty(params.gpu_type)];
  }
  return { cpu: float(params.CPU), count, model, kind, memory: nonEmpty(params.memory) };
}

function dswHardware(item) {
  const r = item.RequestedResource ?? {};
  const g = float(r.GPU);
  const gpus = g !== null && g >= 0 ? g : null;
  const kind = gpus !== null ? (gpus > 0 ? 'gpu' : 'cpu') : String(item.AcceleratorType ?? '').toLowerCase();
  const mem = nonEmpty(r.Memory);
  return {
    cpu: float(r.CPU),
    count: gpus === null ? null : Math.ceil(gpus),
    model: kind === 'gpu' ? nonEmpty(r.GPUType) : null,
    kind,
    memory: mem && Number.isFinite(Number(mem)) ? `${mem} GiB` : mem,
  };
}

function scnetHardware(task) {
  const n = int(task.gpuNumber);
  const gpus = n !== null && n >= 0 ? n : null;
  const accel = String(task.acceleratorType ?? '').trim().toLowerCase();
  const kind = accel === 'cpu' || gpus === 0 ? 'cpu' : gpus !== null || accel !== '' ? 'gpu' : 'unknown';
  const ram = int(task.ramSize);
  return {
    cpu: float(task.cpuNumber),
    count: gpus,
    model: kind === 'gpu' ? nonEmpty(task.resourceGroup) : null,
    kind,
    memory: ram !== null && ram >= 0 ? fmtMib(ram) : null,
  };
}

function row(endpoint, provider, id, name, status, hardware, image, created) {
  const word = String(status ?? '');
  return {
    endpoint: endpoint.id,
    label: endpoint.label ?? endpoint.id,
    id: id ?? '',
    name: name ?? '',
    idLower: String(id ?? '').toLowerCase(),
    nameLower: String(name ?? '').toLowerCase(),
    status: word,
    statusClass: STATUS[provider][word.trim().toLowerCase()] ?? 'unknown',
    hardware: hardwareText(hardware),
    image: image ?? '',
    created,
  };
}

// Each provider: the list request for 0-based `page`, and the answer's items,
// total and mapping to rows.
const PROVIDERS = {
  modelarts: {
    request: (ep, page) => {
      const q = [['de_type', 'Notebook'], ['sortby', 'creation_timestamp'], ['order', 'desc'], ['offset', page * PAGE_SIZE], ['limit', PAGE_SIZE]];
      if (ep.workspace_id) q.push(['workspace_id', ep.workspace_id]);
      return [`/v1/${encodeURIComponent(ep.project_id ?? '')}/demanager/instances`, q];
    },
    page: (body) => ({ items: body.instances ?? [], total: int(body.total_count) }),
    map: (ep, it) => row(ep, 'modelarts', nonEmpty(it.id), nonEmpty(it.name), it.status, modelartsHardware(it),
      nonEmpty(it.profile?.name) ?? nonEmpty(it.profile?.id), int(it.creation_timestamp)),
  },
  'pai-dsw': {
    request: (ep, page) => {
      const ws = nonEmpty(ep.workspace_id) ?? 'ALL';
      return ['/api/v2/instances', [['WorkspaceId', ws], ['ResourceId', 'ALL'], ['PageNumber', page + 1], ['PageSize', PAGE_SIZE], ['SortBy', 'GmtCreateTime'], ['Order', 'DESC']]];
    },
    page: (body) => ({ items: body.Instances ?? [], total: int(body.TotalCount) }),
    map: (ep, it) => row(ep, 'pai-dsw', nonEmpty(it.InstanceId), nonEmpty(it.InstanceName), it.Status, dswHardware(it),
      nonEmpty(it.ImageName) ?? nonEmpty(it.ImageUrl) ?? nonEmpty(it.ImageId), parseDatetime(it.GmtCreateTime, 0)),
  },
  scnet: {
    request: (ep, page) => ['/ai/openapi/v2/instance-service/task', [['start', page * PAGE_SIZE], ['limit', PAGE_SIZE], ['sort', 'desc']]],
    page: (body) => {
      if (body.code !== undefined && body.code !== null && String(body.code) !== '0') throw new Error(`code ${body.code}: ${body.msg ?? ''}`);
      return { items: body.data ?? [], total: int(body.total) };
    },
    map: (ep, it) => row(ep, 'scnet', nonEmpty(it.id), nonEmpty(it.instanceServiceName), it.status, scnetHardware(it),
      nonEmpty(it.version) ?? nonEmpty(it.imagePath), parseDatetime(it.createTime, 8 * 60)),
  },
};

function nextPage(page, count, total) {
  if (count === 0) return null;
  const seen = page * PAGE_SIZE + count;
  const more = total !== null ? seen < total : count >= PAGE_SIZE;
  return more ? page + 1 : null;
}

// Newest first; then name (case-insensitive), then id, both descending.
function compareNewestFirst(a, b) {
  if (a.created !== b.created) {
    if (a.created === null) return 1;
    if (b.created === null) return -1;
    return b.created - a.created;
  }
  if (a.nameLower !== b.nameLower) return a.nameLower < b.nameLower ? 1 : -1;
  if (a.id !== b.id) return a.id < b.id ? 1 : -1;
  return 0;
}

function relativeTime(ms, now) {
  const delta = Math.trunc((now - ms) / 1000);
  const s = Math.abs(delta);
  if (s < 45) return 'just now';
  let n;
  let unit;
  if (s < 3600) [n, unit] = [Math.floor((s + 30) / 60), 'minute'];
  else if (s < 86400) [n, unit] = [Math.floor((s + 1800) / 3600), 'hour'];
  else if (s < 86400 * 30) [n, unit] = [Math.floor((s + 43200) / 86400), 'day'];
  else if (s < 86400 * 365) [n, unit] = [Math.floor((s + 86400 * 15) / (86400 * 30)), 'month'];
  else [n, unit] = [Math.floor(s / (86400 * 365)), 'year'];
  const words = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return delta >= 0 ? `${words} ago` : `in ${words}`;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, v);
  for (const c of children) if (c !== null) node.append(c);
  return node;
}

function rowElement(r, now) {
  const created = r.created === null
    ? null
    : el('time', { datetime: new Date(r.created).toISOString().replace(/\.\d{3}Z$/, 'Z'), title: new Date(r.created).toISOString() }, relativeTime(r.created, now));
  return el('tr', null,
    el('th', { scope: 'row', class: 'cell-name' },
      el('a', { class: 'instance-link', href: `instances/${encodeURIComponent(r.endpoint)}/${encodeURIComponent(r.id)}` }, r.name),
      el('div', { class: 'cell-sub mono' }, r.id)),
    el('td', null, r.label),
    el('td', null,
      el('span', { class: `badge badge-${r.statusClass}`, 'data-status-class': r.statusClass },
        el('span', { class: 'badge-class' }, CLASS_WORD[r.statusClass]),
        el('span', { class: 'badge-raw' }, r.status))),
    el('td', null, r.hardware),
    el('td', { class: 'cell-image' }, r.image),
    el('td', null, created));
}

// State: each endpoint's rows in arrival order, the merged list, the search.
const lists = new Map();
let all = [];
let needle = '';
let inFlight = 0;

const tbody = document.querySelector('tbody');
const refreshState = document.querySelector('.refresh-state');
const listState = document.querySelector('.list-state');
const banners = document.querySelector('.banners');
const search = document.getElementById('filter-text');

function render() {
  const matched = needle === '' ? all.slice() : all.filter((r) => r.nameLower.includes(needle) || r.idLower.includes(needle));
  matched.sort(compareNewestFirst);
  const now = Date.now();
  tbody.replaceChildren(...matched.slice(0, ROWS).map((r) => rowElement(r, now)));
  listState.textContent = matched.length === 0 ? (inFlight > 0 ? 'Loading…' : 'No instances match.') : `Showing 1–${Math.min(ROWS, matched.length)} of ${matched.length}`;
}

function setInFlight(delta) {
  inFlight += delta;
  refreshState.textContent = inFlight > 0 ? 'Refreshing…' : '';
}

async function loadEndpoint(endpoint, timeoutMs) {
  const provider = PROVIDERS[endpoint.provider];
  if (!provider) throw new Error(`unknown provider ${endpoint.provider}`);
  const base = new URL(endpoint.base_url, document.baseURI).href.replace(/\/+$/, '');
  const headers = { Accept: 'application/json', 'X-DevEnv-Console': '1', ...(endpoint.headers ?? {}) };
  const credentials = { omit: 'omit', include: 'include' }[endpoint.credentials] ?? 'same-origin';
  const seen = new Set();
  const rows = [];
  lists.set(endpoint.id, rows);
  for (let page = 0, pages = 0; page !== null && pages < MAX_PAGES; pages++) {
    const [path, query] = provider.request(endpoint, page);
    const url = `${base}${path}?${new URLSearchParams(query.map(([k, v]) => [k, String(v)]))}`;
    const response = await fetch(url, { headers, credentials, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 80)}`);
    const { items, total } = provider.page(JSON.parse(text));
    for (const item of items) {
      const r = provider.map(endpoint, item);
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      rows.push(r);
    }
    all = [...lists.values()].flat();
    render();
    page = nextPage(page, items.length, total);
  }
}

search.addEventListener('input', () => {
  clearTimeout(search.pending);
  const text = search.value;
  search.pending = setTimeout(() => {
    const next = text.trim().toLowerCase();
    if (next !== needle) {
      needle = next;
      render();
    }
  }, SEARCH_DEBOUNCE_MS);
});

const config = await (await fetch('config.json', { headers: { Accept: 'application/json' } })).json();
document.title = `${config.title ?? 'DevEnv Console'} (plain JavaScript baseline)`;
const timeoutMs = (config.request_timeout_seconds ?? 15) * 1000;
for (const endpoint of config.endpoints ?? []) lists.set(endpoint.id, []);
setInFlight(config.endpoints?.length ?? 0);
await Promise.all((config.endpoints ?? []).map(async (endpoint) => {
  try {
    await loadEndpoint(endpoint, (endpoint.timeout_seconds ?? 0) * 1000 || timeoutMs);
  } catch (e) {
    banners.append(el('p', { class: 'banner', role: 'alert' }, `${endpoint.label ?? endpoint.id}: ${e.message}`));
  } finally {
    setInFlight(-1);
  }
}));
render();

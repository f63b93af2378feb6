//! The built app from `--dist`: files with the right content types and cache
//! headers (hashed assets immutable, index.html and config.json no-cache),
//! and index.html for unknown paths so the single-page app's routes load.
//! Hashed assets go out brotli-compressed once and then from memory, as a
//! CDN or a static host with precompressed files serves them; other answers
//! are compressed as they go.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::Response;

use crate::state::Settings;

/// Extensions of files that never fall back to index.html when missing.
const ASSET_EXTENSIONS: &[&str] = &[
    "js",
    "mjs",
    "css",
    "wasm",
    "map",
    "json",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "svg",
    "ico",
    "webp",
    "woff",
    "woff2",
    "ttf",
    "txt",
    "xml",
    "webmanifest",
];

/// The content type of a file name.
pub fn content_type(name: &str) -> &'static str {
    let ext = extension(name).to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

fn extension(name: &str) -> &str {
    let file = name.rsplit('/').next().unwrap_or(name);
    match file.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => "",
    }
}

/// Whether a file name carries a content hash, by the rule
/// `deploy/nginx.conf` uses: `name-<1 to 16 hex digits>` (then `_bg` for the
/// wasm) before a `.js`, `.wasm`, `.css`, `.svg` or `.png` extension, as the
/// build writes `app-1a2b3c4d5e6f7a8b.js`, `…_bg.wasm` or a chunk
/// `split_forms-….wasm` (trunk's hashes of style sheets and icons can be
/// shorter than 16 digits).
pub fn is_hashed(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    let Some((stem, ext)) = file.rsplit_once('.') else {
        return false;
    };
    if !matches!(ext, "js" | "wasm" | "css" | "svg" | "png") {
        return false;
    }
    let stem = if ext == "wasm" {
        stem.strip_suffix("_bg").unwrap_or(stem)
    } else {
        stem
    };
    match stem.rsplit_once('-') {
        Some((head, hash)) => {
            !head.is_empty()
                && (1..=16).contains(&hash.len())
                && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        }
        None => false,
    }
}

/// The `Cache-Control` value of a served file.
pub fn cache_control(name: &str) -> &'static str {
    if is_hashed(name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

fn plain(status: StatusCode, text: &str) -> Response {
    let mut r = Response::new(Body::from(text.to_string()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

const NO_DIST_PAGE: &str = "<!doctype html><meta charset=utf-8><title>DevEnv emulator</title>\
<p>DevEnv emulator: the provider APIs are under <code>proxy/modelarts</code>, \
<code>proxy/pai-dsw</code> and <code>proxy/scnet</code>. Start with <code>--dist DIR</code> \
to serve the built app.</p>";

/// Percent-decodes a path; undecodable sequences stay as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The file under `dist` a relative URL path names, refusing `..`.
fn resolve(dist: &Path, rel: &str) -> Option<PathBuf> {
    let decoded = percent_decode(rel);
    let mut path = dist.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if part == ".." || part.contains('\\') || part.contains('\0') {
            return None;
        }
        path.push(part);
    }
    Some(path)
}

/// Whether the request takes brotli (`Accept-Encoding: …, br, …`).
fn accepts_brotli(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| p.trim().replace(' ', "") == "q=0");
            name.eq_ignore_ascii_case("br") && !refused
        })
}

/// Hashed assets, brotli-compressed once (their content never changes).
fn compressed_assets() -> &'static Mutex<HashMap<PathBuf, Arc<Vec<u8>>>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Arc<Vec<u8>>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn brotli_of(path: &Path, bytes: &[u8]) -> Arc<Vec<u8>> {
    if let Some(hit) = compressed_assets()
        .lock()
        .ok()
        .and_then(|c| c.get(path).cloned())
    {
        return hit;
    }
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 9,
        ..Default::default()
    };
    let compressed = match brotli::BrotliCompress(&mut &bytes[..], &mut out, &params) {
        Ok(_) => Arc::new(out),
        Err(_) => Arc::new(Vec::new()),
    };
    if let Ok(mut cache) = compressed_assets().lock() {
        cache.insert(path.to_path_buf(), compressed.clone());
    }
    compressed
}

/// Compresses every hashed asset in `dist` on a background thread, so the
/// first page load does not wait for it.
pub fn warm(dist: &Path) {
    let dist = dist.to_path_buf();
    std::thread::spawn(move || {
        let Ok(entries) = std::fs::read_dir(&dist) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_hashed(&name) {
                if let Ok(bytes) = std::fs::read(&path) {
                    brotli_of(&path, &bytes);
                }
            }
        }
    });
}

async fn file_response(path: &Path, name: &str, headers: &HeaderMap) -> Option<Response> {
    let bytes = tokio::fs::read(path).await.ok()?;
    let compressed = (is_hashed(name) && accepts_brotli(headers))
        .then(|| brotli_of(path, &bytes))
        .filter(|c| !c.is_empty());
    let mut r = match &compressed {
        Some(c) => Response::new(Body::from(c.as_ref().clone())),
        None => Response::new(Body::from(bytes)),
    };
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(name)),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control(name)),
    );
    if compressed.is_some() {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    Some(r)
}

/// Answers a GET or HEAD for `rel` (the path below the base, starting with `/`).
pub async fn serve(
    settings: &Settings,
    method: &Method,
    headers: &HeaderMap,
    rel: &str,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let Some(dist) = &settings.dist else {
        if rel == "/" || rel == "/index.html" {
            let mut r = Response::new(Body::from(NO_DIST_PAGE));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            return r;
        }
        return plain(StatusCode::NOT_FOUND, "not found (no --dist given)");
    };
    let Some(mut path) = resolve(dist, rel) else {
        return plain(StatusCode::BAD_REQUEST, "bad path");
    };
    let mut name = rel.to_string();
    if tokio::fs::metadata(&path)
        .await
        .map(|m| m.is_dir())
        .unwrap_or(false)
    {
        path.push("index.html");
        name = "index.html".to_string();
    }
    if let Some(r) = file_response(&path, &name, headers).await {
        return r;
    }
    if ASSET_EXTENSIONS.contains(&extension(rel).to_ascii_lowercase().as_str()) {
        return plain(StatusCode::NOT_FOUND, "not found");
    }
    match file_response(&dist.join("index.html"), "index.html", headers).await {
        Some(r) => r,
        None => plain(StatusCode::NOT_FOUND, "index.html not found in --dist"),
    }
}

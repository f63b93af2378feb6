//! Serving the built app: SPA fallback, content types, cache headers,
//! compression, base path.

use std::path::PathBuf;

use reqwest::Method;

use crate::support::*;

/// A dist/ directory like trunk's, in a fresh temporary folder.
fn dist() -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("devenv-emulator-dist-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("assets")).expect("mkdir");
    let files: [(&str, Vec<u8>); 8] = [
        (
            "index.html",
            b"<!doctype html><title>DevEnv Console</title>".to_vec(),
        ),
        (
            "config.json",
            br#"{"title": "DevEnv Console", "endpoints": []}"#.to_vec(),
        ),
        (
            "devenv-console-1a2b3c4d5e6f7a8b.js",
            "export function run() {}\n".repeat(200).into_bytes(),
        ),
        (
            "devenv-console-1a2b3c4d5e6f7a8b_bg.wasm",
            vec![0, 97, 115, 109, 1, 0, 0, 0],
        ),
        (
            "style-0123456789abcdef.css",
            b"body { color: black; }".to_vec(),
        ),
        (
            "icon-d314cafe7b286d9.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
        ),
        ("__wasm_split.js", b"export const x = 1;\n".to_vec()),
        (
            "assets/logo.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    dir
}

fn header<'a>(a: &'a Answer, name: &str) -> &'a str {
    a.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

#[tokio::test]
async fn serves_files_with_types_and_cache_headers() {
    let dir = dist();
    let emu = Emu::with(|o| o.dist = Some(dir.clone())).await;
    let index = emu.get("/").await;
    assert_eq!(index.status, 200);
    assert!(index.text.contains("DevEnv Console"));
    assert!(header(&index, "content-type").starts_with("text/html"));
    assert_eq!(header(&index, "cache-control"), "no-cache");
    let config = emu.get("/config.json").await;
    assert_eq!(header(&config, "content-type"), "application/json");
    assert_eq!(header(&config, "cache-control"), "no-cache");
    let js = emu.get("/devenv-console-1a2b3c4d5e6f7a8b.js").await;
    assert!(header(&js, "content-type").starts_with("text/javascript"));
    assert_eq!(
        header(&js, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let wasm = emu.get("/devenv-console-1a2b3c4d5e6f7a8b_bg.wasm").await;
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    assert_eq!(
        header(&wasm, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let css = emu.get("/style-0123456789abcdef.css").await;
    assert!(header(&css, "content-type").starts_with("text/css"));
    let svg = emu.get("/assets/logo.svg").await;
    assert_eq!(header(&svg, "content-type"), "image/svg+xml");
    assert_eq!(header(&svg, "cache-control"), "no-cache");
    // A hash of 15 digits (trunk drops a leading zero) is a hash all the same.
    let icon = emu.get("/icon-d314cafe7b286d9.svg").await;
    assert_eq!(
        header(&icon, "cache-control"),
        "public, max-age=31536000, immutable"
    );
    // The file naming the chunks keeps its name, so it is revalidated.
    let split = emu.get("/__wasm_split.js").await;
    assert!(header(&split, "content-type").starts_with("text/javascript"));
    assert_eq!(header(&split, "cache-control"), "no-cache");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn unknown_app_paths_fall_back_to_index_but_missing_assets_do_not() {
    let dir = dist();
    let emu = Emu::with(|o| o.dist = Some(dir.clone())).await;
    for path in [
        "/instances",
        "/instances/new?endpoint=ma-bj4",
        "/instances/ma-bj4/DE-7d558ef8-c73d-11ea-964c-0255ac100033/edit",
    ] {
        let a = emu.get(path).await;
        assert_eq!(a.status, 200, "{path}");
        assert!(a.text.contains("DevEnv Console"), "{path}");
    }
    assert_eq!(emu.get("/missing-0123456789abcdef.js").await.status, 404);
    assert_eq!(emu.get("/missing.wasm").await.status, 404);
    let post = emu.send(Method::POST, "/instances", None).await;
    assert_eq!(post.status, 405);
    let traversal = emu.get("/%2e%2e/%2e%2e/etc/passwd").await;
    assert!(!traversal.text.contains("root:"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn compresses_with_gzip_and_brotli() {
    let dir = dist();
    let emu = Emu::with(|o| o.dist = Some(dir.clone())).await;
    let path = "/devenv-console-1a2b3c4d5e6f7a8b.js";
    for encoding in ["gzip", "br"] {
        let resp = emu
            .client
            .get(emu.url(path))
            .header("accept-encoding", encoding)
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 200);
        assert_eq!(
            resp.headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            Some(encoding)
        );
        let bytes = resp.bytes().await.expect("body");
        assert!(bytes.len() < 200 * 25, "compressed: {}", bytes.len());
    }
    let plain = emu.get(path).await;
    assert!(plain.headers.get("content-encoding").is_none());
    assert_eq!(plain.text.len(), 200 * 25);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn hashed_assets_go_out_as_the_same_bytes_brotli_compressed() {
    let dir = dist();
    let emu = Emu::with(|o| o.dist = Some(dir.clone())).await;
    let path = "/devenv-console-1a2b3c4d5e6f7a8b.js";
    let file = std::fs::read(dir.join(&path[1..])).expect("read");
    for _ in 0..2 {
        let resp = emu
            .client
            .get(emu.url(path))
            .header("accept-encoding", "gzip, deflate, br, zstd")
            .send()
            .await
            .expect("sent");
        assert_eq!(
            resp.headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok()),
            Some("br")
        );
        let body = resp.bytes().await.expect("body");
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &body[..], &mut unpacked).expect("brotli");
        assert_eq!(unpacked, file, "the file itself, compressed");
    }
    let refused = emu
        .client
        .get(emu.url(path))
        .header("accept-encoding", "br;q=0")
        .send()
        .await
        .expect("sent");
    assert!(refused.headers().get("content-encoding").is_none());
    assert_eq!(refused.bytes().await.expect("body").len(), file.len());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn base_path_holds_the_app_and_the_proxy_routes() {
    let dir = dist();
    let emu = Emu::with(|o| {
        o.dist = Some(dir.clone());
        o.base = "/console/".into();
    })
    .await;
    let index = emu.get("/console/").await;
    assert!(index.text.contains("DevEnv Console"));
    let deep = emu.get("/console/instances/scnet/x").await;
    assert!(deep.text.contains("DevEnv Console"));
    let js = emu.get("/console/devenv-console-1a2b3c4d5e6f7a8b.js").await;
    assert!(header(&js, "content-type").starts_with("text/javascript"));
    let list = emu.get(&format!("/console{MA}?de_type=Notebook")).await;
    assert_eq!(list.json["total_count"], 3);
    let dsw = emu.get(&format!("/console{DSW}")).await;
    assert_eq!(dsw.json["TotalCount"], 1);
    let outside = emu.get(&format!("{MA}?de_type=Notebook")).await;
    assert_eq!(outside.status, 404);
    assert_eq!(emu.get("/__emulator/health").await.json["ok"], true);
    assert_eq!(emu.get("/console/__emulator/health").await.json["ok"], true);
    let root = emu.client.get(emu.url("/")).send().await.expect("sent");
    assert!(root.url().path().starts_with("/console/"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn without_dist_the_apis_still_work() {
    let emu = Emu::start().await;
    let index = emu.get("/").await;
    assert_eq!(index.status, 200);
    assert!(index.text.contains("--dist"));
    assert_eq!(emu.get("/instances").await.status, 404);
    assert_eq!(emu.get(&format!("{MA}?de_type=Notebook")).await.status, 200);
}

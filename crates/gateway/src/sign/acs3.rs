//! Alibaba Cloud V3 request signing (`ACS3-HMAC-SHA256`, ROA style), used
//! for PAI-DSW.
//!
//! Signed headers are `host`, `content-type` when present and every
//! `x-acs-*` header (action, version, date, nonce, content hash and, under
//! STS, the security token). canonical request = method, canonical URI,
//! canonical query, canonical headers, signed headers, hex SHA-256 of the
//! body; string to sign = `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical
//! request; signature = hex HMAC-SHA256(secret, string to sign).

use super::{canonical_headers, canonical_query, hex_lower, hmac_sha256, sha256_hex};
use crate::secret::Secret;

pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";
/// The PAI-DSW API version.
pub const PAI_DSW_VERSION: &str = "2022-01-01";

/// An AccessKey pair, optionally with an STS security token.
#[derive(Debug, Clone)]
pub struct AccessKeyCredentials {
    pub access_key_id: Secret,
    pub access_key_secret: Secret,
    pub security_token: Option<Secret>,
}

/// One request to sign.
#[derive(Debug, Clone)]
pub struct Acs3Request<'a> {
    pub method: &'a str,
    /// The path as sent, each segment already percent-encoded (RFC 3986).
    pub encoded_path: &'a str,
    /// Decoded query pairs.
    pub query: &'a [(String, String)],
    pub host: &'a str,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
    /// `x-acs-action`, e.g. `ListInstances`.
    pub action: &'a str,
    /// `x-acs-version`, e.g. `2022-01-01`.
    pub version: &'a str,
    /// `x-acs-date`, ISO 8601 UTC (`2024-01-02T03:04:05Z`).
    pub date: &'a str,
    /// `x-acs-signature-nonce`, unique per request.
    pub nonce: &'a str,
}

/// The headers to send with `request`: `host`, `content-type` when given, the
/// `x-acs-*` headers and `authorization`, names lowercase.
pub fn signed_headers(
    credentials: &AccessKeyCredentials,
    request: &Acs3Request<'_>,
) -> Vec<(String, String)> {
    let mut headers = vec![("host".to_string(), request.host.to_string())];
    if let Some(content_type) = request.content_type {
        headers.push(("content-type".to_string(), content_type.to_string()));
    }
    headers.extend([
        ("x-acs-action".to_string(), request.action.to_string()),
        ("x-acs-version".to_string(), request.version.to_string()),
        ("x-acs-date".to_string(), request.date.to_string()),
        (
            "x-acs-signature-nonce".to_string(),
            request.nonce.to_string(),
        ),
        ("x-acs-content-sha256".to_string(), sha256_hex(request.body)),
    ]);
    if let Some(token) = &credentials.security_token {
        headers.push((
            "x-acs-security-token".to_string(),
            token.expose().to_string(),
        ));
    }
    let (canonical, signed) = canonical_request(
        request.method,
        request.encoded_path,
        request.query,
        &headers,
        request.body,
    );
    let to_sign = string_to_sign(&canonical);
    let signature = hex_lower(&hmac_sha256(
        credentials.access_key_secret.expose().as_bytes(),
        to_sign.as_bytes(),
    ));
    headers.push((
        "authorization".to_string(),
        format!(
            "{ALGORITHM} Credential={},SignedHeaders={signed},Signature={signature}",
            credentials.access_key_id.expose()
        ),
    ));
    headers
}

/// Canonical request and signed-header list over exactly `headers`.
pub fn canonical_request(
    method: &str,
    encoded_path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    body: &[u8],
) -> (String, String) {
    let (canonical_headers, signed) = canonical_headers(headers);
    let uri = if encoded_path.is_empty() {
        "/"
    } else {
        encoded_path
    };
    let canonical = format!(
        "{}\n{uri}\n{}\n{canonical_headers}\n{signed}\n{}",
        method.to_ascii_uppercase(),
        canonical_query(query),
        sha256_hex(body)
    );
    (canonical, signed)
}

/// `ACS3-HMAC-SHA256\n{hex sha256(canonical request)}`.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(token: Option<&str>) -> AccessKeyCredentials {
        AccessKeyCredentials {
            access_key_id: Secret::new("AKID"),
            access_key_secret: Secret::new("SECRET"),
            security_token: token.map(Secret::new),
        }
    }

    fn request() -> Acs3Request<'static> {
        Acs3Request {
            method: "GET",
            encoded_path: "/api/v2/instances",
            query: &[],
            host: "pai-dsw.cn-hangzhou.aliyuncs.com",
            content_type: None,
            body: b"",
            action: "ListInstances",
            version: PAI_DSW_VERSION,
            date: "2024-01-02T03:04:05Z",
            nonce: "nonce-1",
        }
    }

    #[test]
    fn signs_acs_headers_and_host() {
        let headers = signed_headers(&credentials(None), &request());
        let authorization = &headers
            .iter()
            .find(|(name, _)| name == "authorization")
            .expect("authorization")
            .1;
        assert!(authorization.starts_with(
            "ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="
        ));
    }

    #[test]
    fn signs_security_token() {
        let headers = signed_headers(&credentials(Some("STS")), &request());
        assert!(headers
            .iter()
            .any(|(name, value)| name == "x-acs-security-token" && value == "STS"));
        let authorization = &headers
            .iter()
            .find(|(name, _)| name == "authorization")
            .expect("authorization")
            .1;
        assert!(authorization.contains("x-acs-security-token;x-acs-signature-nonce"));
    }
}

//! Huawei Cloud API Gateway AK/SK signing (`SDK-HMAC-SHA256`), used for
//! ModelArts.
//!
//! canonical request = method, canonical URI (each segment encoded, always
//! ending with `/`), canonical query, canonical headers, signed headers and
//! hex SHA-256 of the body, one per line; string to sign =
//! `SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex sha256(canonical request)}`;
//! signature = hex HMAC-SHA256(SK, string to sign).

use super::{canonical_headers, canonical_query, hex_lower, hmac_sha256, sha256_hex};
use crate::secret::Secret;

pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

/// An access key pair.
#[derive(Debug, Clone)]
pub struct AccessKeyPair {
    pub access_key: Secret,
    pub secret_key: Secret,
}

/// One request to sign.
#[derive(Debug, Clone)]
pub struct SdkHmacRequest<'a> {
    pub method: &'a str,
    /// The path as sent, each segment already percent-encoded (RFC 3986).
    pub encoded_path: &'a str,
    /// Decoded query pairs.
    pub query: &'a [(String, String)],
    /// `host` value (host, and `:port` when not the scheme's default).
    pub host: &'a str,
    /// `X-Sdk-Date`, `YYYYMMDDTHHMMSSZ`.
    pub sdk_date: &'a str,
    /// Further headers to sign, e.g. `content-type`, `x-project-id`.
    pub extra_headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// The canonical URI: the encoded path with a `/` at the end.
pub fn canonical_uri(encoded_path: &str) -> String {
    if encoded_path.ends_with('/') {
        encoded_path.to_string()
    } else {
        format!("{encoded_path}/")
    }
}

/// Canonical request and signed-header list of `request`: `host`,
/// `x-sdk-date` and the extra headers are signed.
pub fn canonical_request(request: &SdkHmacRequest<'_>) -> (String, String) {
    let mut headers = vec![
        ("host".to_string(), request.host.to_string()),
        ("x-sdk-date".to_string(), request.sdk_date.to_string()),
    ];
    headers.extend(request.extra_headers.iter().cloned());
    canonical_request_over(
        request.method,
        request.encoded_path,
        request.query,
        &headers,
        request.body,
    )
}

/// Canonical request and signed-header list over exactly `headers` (names
/// lowercased, values trimmed, sorted).
pub fn canonical_request_over(
    method: &str,
    encoded_path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    body: &[u8],
) -> (String, String) {
    let (canonical_headers, signed_headers) = canonical_headers(headers);
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        method.to_ascii_uppercase(),
        canonical_uri(encoded_path),
        canonical_query(query),
        canonical_headers,
        signed_headers,
        sha256_hex(body)
    );
    (canonical, signed_headers)
}

/// `SDK-HMAC-SHA256\n{date}\n{hex sha256(canonical request)}`.
pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// The `Authorization` header value for `request`.
pub fn authorization(keys: &AccessKeyPair, request: &SdkHmacRequest<'_>) -> String {
    let (canonical, signed_headers) = canonical_request(request);
    authorization_of(keys, request.sdk_date, &canonical, &signed_headers)
}

/// `SDK-HMAC-SHA256 Access={AK}, SignedHeaders={signed}, Signature={hex}`
/// for a canonical request.
pub fn authorization_of(
    keys: &AccessKeyPair,
    sdk_date: &str,
    canonical_request: &str,
    signed_headers: &str,
) -> String {
    let to_sign = string_to_sign(sdk_date, canonical_request);
    let signature = hex_lower(&hmac_sha256(
        keys.secret_key.expose().as_bytes(),
        to_sign.as_bytes(),
    ));
    format!(
        "{ALGORITHM} Access={}, SignedHeaders={signed_headers}, Signature={signature}",
        keys.access_key.expose()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uri_ends_with_slash() {
        assert_eq!(
            canonical_uri("/v1/p/demanager/instances"),
            "/v1/p/demanager/instances/"
        );
        assert_eq!(canonical_uri("/"), "/");
    }

    #[test]
    fn canonical_request_layout() {
        let query = vec![
            ("limit".to_string(), "10".to_string()),
            ("de_type".to_string(), "Notebook".to_string()),
        ];
        let request = SdkHmacRequest {
            method: "get",
            encoded_path: "/v1/p/demanager/instances",
            query: &query,
            host: "modelarts.example.com",
            sdk_date: "20240102T030405Z",
            extra_headers: &[],
            body: b"",
        };
        let (canonical, signed) = canonical_request(&request);
        assert_eq!(signed, "host;x-sdk-date");
        assert_eq!(
            canonical,
            "GET\n/v1/p/demanager/instances/\nde_type=Notebook&limit=10\nhost:modelarts.example.com\nx-sdk-date:20240102T030405Z\n\nhost;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}

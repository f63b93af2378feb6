//! Alibaba Cloud V3 request signing (`ACS3-HMAC-SHA256`, ROA style), used
//! for PAI-DSW.
//!
//! Signed headers are `host`, `content-type` when present and every
//! `x-acs-*` header (action, version, date, nonce, content hash and, under
//! STS, `x-acs-accesskey-id` and `x-acs-security-token`).
//!
//! - canonical request: method, canonical URI, canonical query, canonical
//!   headers, signed headers, hex SHA-256 of the body, one per line;
//! - string to sign: `ACS3-HMAC-SHA256`, a newline, and the hex SHA-256 of
//!   the canonical request;
//! - signature: hex HMAC-SHA256(secret, string to sign).
//!
//! As in the provider's `GetAuthorization` (`alibabacloud-go/darabonba-openapi`,
//! `utils/client.go`), a header name given twice (in any case) is signed
//! once, its trimmed values sorted and joined with `,`.

use super::{canonical_query, hex_lower, hmac_sha256, sha256_hex};
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
/// `x-acs-*` headers and `authorization`, names lowercase. Under STS (a
/// security token is configured) both `x-acs-accesskey-id` and
/// `x-acs-security-token` are added and signed, as the provider's SDK does
/// (`alibabacloud-go/darabonba-openapi`, `client/client.go`, `DoRequest`).
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
            "x-acs-accesskey-id".to_string(),
            credentials.access_key_id.expose().to_string(),
        ));
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
    let authorization = authorization(
        &canonical,
        &signed,
        credentials.access_key_id.expose(),
        credentials.access_key_secret.expose(),
    );
    headers.push(("authorization".to_string(), authorization));
    headers
}

/// `name:value\n` per signed header and the `;`-joined names. Only `host`,
/// `content-type` and `x-acs-*` headers are signed; names are lowercased,
/// values trimmed, and the values of a name given more than once are
/// sorted and joined with `,`.
pub fn canonical_headers(headers: &[(String, String)]) -> (String, String) {
    let mut grouped: std::collections::BTreeMap<String, Vec<String>> =
        std::collections::BTreeMap::new();
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        if name == "host" || name == "content-type" || name.starts_with("x-acs-") {
            grouped
                .entry(name)
                .or_default()
                .push(value.trim().to_string());
        }
    }
    let mut canonical = String::new();
    for (name, values) in &mut grouped {
        values.sort();
        canonical.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let signed = grouped.keys().cloned().collect::<Vec<_>>().join(";");
    (canonical, signed)
}

/// Canonical request and signed-header list, with the body's hex SHA-256.
pub fn canonical_request(
    method: &str,
    encoded_path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    body: &[u8],
) -> (String, String) {
    canonical_request_with_payload_hash(method, encoded_path, query, headers, &sha256_hex(body))
}

/// Canonical request and signed-header list over `headers`, with the
/// payload hash given as it is (the last line of the canonical request).
pub fn canonical_request_with_payload_hash(
    method: &str,
    encoded_path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    payload_hash: &str,
) -> (String, String) {
    let (canonical_headers, signed) = canonical_headers(headers);
    let uri = if encoded_path.is_empty() {
        "/"
    } else {
        encoded_path
    };
    let canonical = format!(
        "{}\n{uri}\n{}\n{canonical_headers}\n{signed}\n{payload_hash}",
        method.to_ascii_uppercase(),
        canonical_query(query),
    );
    (canonical, signed)
}

/// `ACS3-HMAC-SHA256\n{hex sha256(canonical request)}`.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// `ACS3-HMAC-SHA256 Credential={id},SignedHeaders={signed},Signature={hex}`
/// (commas and no spaces).
pub fn authorization(
    canonical_request: &str,
    signed_headers: &str,
    access_key_id: &str,
    access_key_secret: &str,
) -> String {
    let signature = hex_lower(&hmac_sha256(
        access_key_secret.as_bytes(),
        string_to_sign(canonical_request).as_bytes(),
    ));
    format!("{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}")
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
    fn sts_sends_and_signs_access_key_id_and_security_token() {
        let headers = signed_headers(&credentials(Some("STS")), &request());
        let value = |wanted: &str| {
            headers
                .iter()
                .find(|(name, _)| name == wanted)
                .map(|(_, value)| value.as_str())
        };
        assert_eq!(value("x-acs-security-token"), Some("STS"));
        assert_eq!(value("x-acs-accesskey-id"), Some("AKID"));
        assert_eq!(
            value("authorization").map(|text| text.split(",Signature=").next()),
            Some(Some(
                "ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version"
            ))
        );
        // The signature covers both values: it is reproduced over the sent
        // headers, and changes when either value does.
        let sent: Vec<(String, String)> = headers
            .iter()
            .filter(|(name, _)| name != "authorization")
            .cloned()
            .collect();
        let recompute = |headers: &[(String, String)]| {
            let (canonical, signed) =
                canonical_request("GET", "/api/v2/instances", &[], headers, b"");
            authorization(&canonical, &signed, "AKID", "SECRET")
        };
        assert_eq!(value("authorization"), Some(recompute(&sent).as_str()));
        for changed in ["x-acs-accesskey-id", "x-acs-security-token"] {
            let altered: Vec<(String, String)> = sent
                .iter()
                .map(|(name, value)| {
                    let value = if name == changed {
                        format!("{value}x")
                    } else {
                        value.clone()
                    };
                    (name.clone(), value)
                })
                .collect();
            assert_ne!(
                value("authorization"),
                Some(recompute(&altered).as_str()),
                "{changed} is signed"
            );
        }
    }

    #[test]
    fn without_sts_no_token_headers() {
        let headers = signed_headers(&credentials(None), &request());
        assert!(!headers
            .iter()
            .any(|(name, _)| name == "x-acs-accesskey-id" || name == "x-acs-security-token"));
    }

    #[test]
    fn signs_only_host_content_type_and_acs_headers_merging_repeats() {
        let headers = vec![
            ("Host".to_string(), "h".to_string()),
            ("Accept".to_string(), "application/json".to_string()),
            ("x-acs-b".to_string(), " 2 ".to_string()),
            ("X-Acs-B".to_string(), "1".to_string()),
            ("Content-Type".to_string(), "application/json".to_string()),
        ];
        assert_eq!(
            canonical_headers(&headers),
            (
                "content-type:application/json\nhost:h\nx-acs-b:1,2\n".to_string(),
                "content-type;host;x-acs-b".to_string()
            )
        );
    }
}

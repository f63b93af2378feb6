//! SCNet token-request signature: hex HMAC-SHA256, keyed with the secret
//! key, of the compact JSON `{"accessKey":"…","timestamp":"…","user":"…"}`
//! (keys in that order, no spaces). The timestamp is the current Unix time
//! in **seconds** (10 digits today), as a string, and the same value goes
//! in the `timestamp` header (SCNet Open API 2.0, "获取访问凭证"
//! `safecertification/get-user-tokens-aksk`: "timestamp（当前秒级时间戳）",
//! example `1764597591`).

use std::time::{SystemTime, UNIX_EPOCH};

use super::{hex_lower, hmac_sha256};
use crate::secret::Secret;

/// The account's SCNet user name and access key pair.
#[derive(Debug, Clone)]
pub struct ScnetCredentials {
    pub user: String,
    pub access_key: Secret,
    pub secret_key: Secret,
}

/// The `timestamp` header value for `time`: whole Unix seconds, as decimal
/// text (a time before 1970 gives `0`).
pub fn timestamp_seconds(time: SystemTime) -> String {
    time.duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or(0)
        .to_string()
}

/// The JSON text that is signed; `timestamp` is the Unix-seconds text.
pub fn string_to_sign(user: &str, access_key: &str, timestamp: &str) -> String {
    // serde_json escapes quotes and control characters the same way for
    // every field.
    let quote = |text: &str| serde_json::Value::String(text.to_string()).to_string();
    format!(
        "{{\"accessKey\":{},\"timestamp\":{},\"user\":{}}}",
        quote(access_key),
        quote(timestamp),
        quote(user)
    )
}

/// The `signature` header of the token request.
pub fn signature(credentials: &ScnetCredentials, timestamp: &str) -> String {
    let text = string_to_sign(
        &credentials.user,
        credentials.access_key.expose(),
        timestamp,
    );
    hex_lower(&hmac_sha256(
        credentials.secret_key.expose().as_bytes(),
        text.as_bytes(),
    ))
}

/// The headers of `POST {auth_url}/api/user/v3/tokens`; `timestamp` is the
/// Unix-seconds text from [`timestamp_seconds`].
pub fn token_request_headers(
    credentials: &ScnetCredentials,
    timestamp: &str,
) -> Vec<(String, String)> {
    vec![
        ("user".to_string(), credentials.user.clone()),
        (
            "accessKey".to_string(),
            credentials.access_key.expose().to_string(),
        ),
        ("timestamp".to_string(), timestamp.to_string()),
        ("signature".to_string(), signature(credentials, timestamp)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn signed_text_is_compact_sorted_json() {
        assert_eq!(
            string_to_sign("alice", "AK", "1700000000"),
            r#"{"accessKey":"AK","timestamp":"1700000000","user":"alice"}"#
        );
    }

    #[test]
    fn timestamp_is_whole_unix_seconds() {
        // 2023-11-14T22:13:20.987Z: seconds, not milliseconds, and the
        // fraction is dropped.
        let instant = UNIX_EPOCH + Duration::from_millis(1_700_000_000_987);
        let header = timestamp_seconds(instant);
        assert_eq!(header, "1700000000");
        assert_eq!(header.len(), 10);
        assert_eq!(timestamp_seconds(UNIX_EPOCH), "0");
        // The header and the signed text carry the same value.
        let credentials = ScnetCredentials {
            user: "alice".to_string(),
            access_key: Secret::new("AK"),
            secret_key: Secret::new("SK"),
        };
        let headers = token_request_headers(&credentials, &header);
        assert!(headers
            .iter()
            .any(|(name, value)| name == "timestamp" && value == "1700000000"));
        assert!(headers
            .iter()
            .any(|(name, value)| name == "signature"
                && *value == signature(&credentials, "1700000000")));
    }
}

//! SCNet token-request signature: hex HMAC-SHA256, keyed with the secret
//! key, of the compact JSON `{"accessKey":"…","timestamp":"…","user":"…"}`
//! (keys in that order, timestamp in milliseconds as a string).

use super::{hex_lower, hmac_sha256};
use crate::secret::Secret;

/// The account's SCNet user name and access key pair.
#[derive(Debug, Clone)]
pub struct ScnetCredentials {
    pub user: String,
    pub access_key: Secret,
    pub secret_key: Secret,
}

/// The JSON text that is signed.
pub fn string_to_sign(user: &str, access_key: &str, timestamp_millis: &str) -> String {
    // serde_json escapes quotes and control characters the same way for
    // every field.
    let quote = |text: &str| serde_json::Value::String(text.to_string()).to_string();
    format!(
        "{{\"accessKey\":{},\"timestamp\":{},\"user\":{}}}",
        quote(access_key),
        quote(timestamp_millis),
        quote(user)
    )
}

/// The `signature` header of the token request.
pub fn signature(credentials: &ScnetCredentials, timestamp_millis: &str) -> String {
    let text = string_to_sign(
        &credentials.user,
        credentials.access_key.expose(),
        timestamp_millis,
    );
    hex_lower(&hmac_sha256(
        credentials.secret_key.expose().as_bytes(),
        text.as_bytes(),
    ))
}

/// The headers of `POST {auth_url}/api/user/v3/tokens`.
pub fn token_request_headers(
    credentials: &ScnetCredentials,
    timestamp_millis: &str,
) -> Vec<(String, String)> {
    vec![
        ("user".to_string(), credentials.user.clone()),
        (
            "accessKey".to_string(),
            credentials.access_key.expose().to_string(),
        ),
        ("timestamp".to_string(), timestamp_millis.to_string()),
        (
            "signature".to_string(),
            signature(credentials, timestamp_millis),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_text_is_compact_sorted_json() {
        assert_eq!(
            string_to_sign("alice", "AK", "1700000000000"),
            r#"{"accessKey":"AK","timestamp":"1700000000000","user":"alice"}"#
        );
    }
}

//! [`RequestSpec`]: a provider request as plain data, executed by the app's
//! fetch layer (browser) or by tests (native).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Safe to retry after a network error or 5xx.
    pub fn is_idempotent_read(self) -> bool {
        matches!(self, Method::Get)
    }
}

/// One HTTP request to a provider, relative to the endpoint's `base_url`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestSpec {
    pub method: Method,
    /// The provider's documented path, starting with `/`.
    pub path: String,
    /// Query parameters in order; values are not yet encoded.
    pub query: Vec<(String, String)>,
    /// JSON body, if any, as the text to send (built where the request is
    /// built, so the code that sends it needs no JSON writer).
    pub body: Option<String>,
}

impl RequestSpec {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        RequestSpec {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    pub fn query(mut self, key: &str, value: impl Into<String>) -> Self {
        self.query.push((key.to_string(), value.into()));
        self
    }

    pub fn body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body.to_string());
        self
    }

    /// The body read back as JSON (`None` without one or if it is not JSON).
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(self.body.as_deref()?).ok()
    }

    /// Path and percent-encoded query string, e.g. `/api/v2/instances?PageNumber=1`.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            return self.path.clone();
        }
        let q: Vec<String> = self
            .query
            .iter()
            .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
            .collect();
        format!("{}?{}", self.path, q.join("&"))
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Percent-encodes one path segment (an instance id chosen by a provider).
pub fn encode_segment(s: &str) -> String {
    encode_component(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_encoded() {
        let r = RequestSpec::new(Method::Get, "/x")
            .query("a", "b c/d")
            .query("n", "1");
        assert_eq!(r.path_and_query(), "/x?a=b%20c%2Fd&n=1");
    }
}

//! What the gateway says about the caller: who they are (`GET
//! {base_url}/_session`) and what their role on an endpoint lets them do.
//! Without a session route (the emulator, a plain proxy) the console works
//! as before: every action is offered and the provider decides.

use crate::json::{self, Value};
use crate::model::Action;

/// A role on one endpoint, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// List, detail, events, metrics.
    Viewer,
    /// And start, stop, restart, leave a queue.
    Operator,
    /// And create, edit, delete.
    Admin,
}

impl Role {
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_ascii_lowercase().as_str() {
            "viewer" => Some(Role::Viewer),
            "operator" => Some(Role::Operator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }
}

/// What a change needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Action(Action),
    Create,
    Edit,
}

/// The role a change needs.
pub fn needed(change: Change) -> Role {
    match change {
        Change::Action(Action::Start | Action::Stop | Action::Restart | Action::Dequeue) => {
            Role::Operator
        }
        Change::Action(Action::Delete) | Change::Create | Change::Edit => Role::Admin,
    }
}

/// What the console may do on one endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Access {
    /// No gateway session route: everything is offered.
    #[default]
    Unrestricted,
    /// The gateway grants this role.
    Role(Role),
    /// The caller is known but has no role on the endpoint.
    None,
}

impl Access {
    /// Whether `change` is allowed.
    pub fn allows(&self, change: Change) -> bool {
        match self {
            Access::Unrestricted => true,
            Access::Role(role) => *role >= needed(change),
            Access::None => false,
        }
    }

    /// The role, when the gateway named one.
    pub fn role(&self) -> Option<Role> {
        match self {
            Access::Role(r) => Some(*r),
            _ => None,
        }
    }

    /// The role's name for a message, `—` where the gateway named none.
    pub fn role_name(&self) -> &'static str {
        self.role().map(Role::as_str).unwrap_or("—")
    }
}

/// The answer to `GET {base_url}/_session`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Session {
    /// No session route there (404, not the gateway's shape, unreachable):
    /// nothing is restricted.
    Absent,
    /// Signed in: the name the gateway knows (none in its open mode) and the
    /// access on this endpoint.
    SignedIn {
        user: Option<String>,
        access: Access,
    },
    /// The gateway wants the caller to sign in first.
    SignInRequired { login_url: Option<String> },
}

/// Decodes a session answer. Only an http(s) or site-relative login URL is
/// kept: provider and gateway text is never trusted as a link target.
pub fn decode_session(http_status: u16, body: &str) -> Session {
    let value = match json::parse_value(body) {
        Ok(v) => v,
        Err(_) => return Session::Absent,
    };
    let text = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    match http_status {
        401 => {
            let error = value.get("error");
            let code = text(error.and_then(|e| e.get("code")));
            if code.as_deref() != Some("Gateway.Unauthenticated") {
                return Session::Absent;
            }
            let login_url = text(error.and_then(|e| e.get("login_url")))
                .or_else(|| text(value.get("login_url")))
                .filter(|u| is_safe_link(u));
            Session::SignInRequired { login_url }
        }
        200..=299 if value.get("role").is_some() => {
            let access = match value.get("role") {
                Some(Value::String(r)) => Role::parse(r).map(Access::Role).unwrap_or(Access::None),
                _ => Access::None,
            };
            Session::SignedIn {
                user: text(value.get("user").and_then(|u| u.get("name"))),
                access,
            }
        }
        _ => Session::Absent,
    }
}

/// `https://…`, `http://…` or a path on this site (`/login`), nothing else.
pub fn is_safe_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || (lower.starts_with('/') && !lower.starts_with("//"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_allow_what_the_gateway_grants() {
        let viewer = Access::Role(Role::Viewer);
        let operator = Access::Role(Role::Operator);
        let admin = Access::Role(Role::Admin);
        for (access, start, delete, create) in [
            (&viewer, false, false, false),
            (&operator, true, false, false),
            (&admin, true, true, true),
            (&Access::Unrestricted, true, true, true),
            (&Access::None, false, false, false),
        ] {
            assert_eq!(access.allows(Change::Action(Action::Start)), start);
            assert_eq!(access.allows(Change::Action(Action::Dequeue)), start);
            assert_eq!(access.allows(Change::Action(Action::Delete)), delete);
            assert_eq!(access.allows(Change::Create), create);
            assert_eq!(access.allows(Change::Edit), create);
        }
    }

    #[test]
    fn session_answers() {
        assert_eq!(
            decode_session(
                200,
                r#"{"user":{"name":"alice","groups":["ml"]},"endpoint":"modelarts","role":"viewer","login_url":null}"#
            ),
            Session::SignedIn {
                user: Some("alice".into()),
                access: Access::Role(Role::Viewer)
            }
        );
        assert_eq!(
            decode_session(200, r#"{"user":{"name":"bob"},"role":null}"#),
            Session::SignedIn {
                user: Some("bob".into()),
                access: Access::None
            }
        );
        assert_eq!(
            decode_session(
                401,
                r#"{"error":{"code":"Gateway.Unauthenticated","message":"sign in","login_url":"https://sso.example.com/login"}}"#
            ),
            Session::SignInRequired {
                login_url: Some("https://sso.example.com/login".into())
            }
        );
        // A hostile login URL is dropped, the sign-in page stays.
        assert_eq!(
            decode_session(
                401,
                r#"{"error":{"code":"Gateway.Unauthenticated","login_url":"javascript:alert(1)"}}"#
            ),
            Session::SignInRequired { login_url: None }
        );
        // The emulator or a provider: no session route.
        assert_eq!(
            decode_session(
                404,
                r#"{"error_code":"ModelArts.0105","error_message":"x"}"#
            ),
            Session::Absent
        );
        assert_eq!(decode_session(200, "<html>index</html>"), Session::Absent);
        // Not quite JSON, or JSON of another shape: no session route.
        for body in [
            r#"{"role":"admin","user":{"name":"\ud800"}}"#,
            r#"{"role":"admin",}"#,
            r#"{"role":"admin"} x"#,
            "[1,2]",
            r#""role""#,
            "",
        ] {
            assert_eq!(decode_session(200, body), Session::Absent, "{body}");
        }
        let deep = format!(
            r#"{{"role":"admin","x":{}{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        assert_eq!(decode_session(200, &deep), Session::Absent);
        // Wrong types are absent values, a repeated key keeps its last value.
        assert_eq!(
            decode_session(200, r#"{"role":["admin"],"user":{"name":7}}"#),
            Session::SignedIn {
                user: None,
                access: Access::None
            }
        );
        assert_eq!(
            decode_session(200, r#"{"role":"viewer","role":"ADMIN","user":"alice"}"#),
            Session::SignedIn {
                user: None,
                access: Access::Role(Role::Admin)
            }
        );
        assert_eq!(
            decode_session(
                401,
                r#"{"error":{"code":"Gateway.Unauthenticated","login_url":5},"login_url":"/login"}"#
            ),
            Session::SignInRequired {
                login_url: Some("/login".into())
            }
        );
        assert_eq!(
            decode_session(401, r#"{"error":"Gateway.Unauthenticated"}"#),
            Session::Absent
        );
        assert_eq!(
            decode_session(401, r#"{"error_code":"ModelArts.0201"}"#),
            Session::Absent
        );
    }
}

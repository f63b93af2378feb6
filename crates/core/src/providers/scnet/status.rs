//! SCNet status words (seed 003 lists six): their neutral class, the actions
//! each allows, and the word shown at once after an accepted action.

use crate::model::{Action, StatusClass};

/// Every documented status, with its class.
pub const TABLE: [(&str, StatusClass); 6] = [
    ("Running", StatusClass::Running),
    ("Deploying", StatusClass::Transitional),
    ("Waiting", StatusClass::Queued),
    ("Terminated", StatusClass::Stopped),
    ("Failed", StatusClass::Failed),
    ("Completed", StatusClass::Stopped),
];

/// The class of a status word; words not in [`TABLE`] are `Unknown`.
pub fn class(status: &str) -> StatusClass {
    crate::model::class_in(&TABLE, status)
}

/// The actions SCNet accepts for an instance in `status` (no restart).
pub fn allowed_actions(status: &str) -> Vec<Action> {
    match status.trim().to_ascii_lowercase().as_str() {
        "running" | "waiting" | "deploying" => vec![Action::Stop],
        "terminated" | "failed" | "completed" => vec![Action::Start, Action::Delete],
        _ => Vec::new(),
    }
}

/// The status shown right after `action` was accepted.
pub fn pending(action: Action) -> &'static str {
    match action {
        Action::Start | Action::Restart => "Deploying",
        Action::Dequeue => "Terminated",
        Action::Stop | Action::Delete => "Terminated",
    }
}

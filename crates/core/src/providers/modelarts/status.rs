//! ModelArts status words (seed 000 lists fifteen): their neutral class, the
//! actions each allows, and the word shown at once after an accepted action.

use crate::model::{Action, StatusClass};

/// Every status seed 000 documents, with its class.
pub const TABLE: [(&str, StatusClass); 15] = [
    ("CREATE_QUEUING", StatusClass::Queued),
    ("CREATING", StatusClass::Transitional),
    ("CREATE_FAILED", StatusClass::Failed),
    ("START_QUEUING", StatusClass::Queued),
    ("READY_TO_START", StatusClass::Queued),
    ("STARTING", StatusClass::Transitional),
    ("RESTARTING", StatusClass::Transitional),
    ("START_FAILED", StatusClass::Failed),
    ("RUNNING", StatusClass::Running),
    ("STOPPING", StatusClass::Transitional),
    ("STOPPED", StatusClass::Stopped),
    ("UNAVAILABLE", StatusClass::Failed),
    ("DELETED", StatusClass::Deleted),
    ("RESIZING", StatusClass::Transitional),
    ("RESIZE_FAILED", StatusClass::Failed),
];

/// The class of a status word; words not in [`TABLE`] are `Unknown`.
pub fn class(status: &str) -> StatusClass {
    crate::model::class_in(&TABLE, status)
}

/// The actions ModelArts accepts for an instance in `status`.
pub fn allowed_actions(status: &str) -> Vec<Action> {
    match status.trim().to_ascii_uppercase().as_str() {
        "RUNNING" => vec![Action::Stop, Action::Restart],
        "STOPPED" | "START_FAILED" => vec![Action::Start, Action::Delete],
        "CREATE_FAILED" | "UNAVAILABLE" | "RESIZE_FAILED" => vec![Action::Delete],
        _ => Vec::new(),
    }
}

/// The status shown right after `action` was accepted.
pub fn pending(action: Action) -> &'static str {
    match action {
        Action::Start => "STARTING",
        Action::Stop => "STOPPING",
        Action::Restart => "RESTARTING",
        Action::Delete => "DELETED",
    }
}

//! PAI-DSW status words (API-NOTES lists fifteen): their neutral class, the
//! actions each allows, and the word shown at once after an accepted action.

use crate::model::{Action, StatusClass};

/// Every documented status, with its class.
pub const TABLE: [(&str, StatusClass); 15] = [
    ("Creating", StatusClass::Transitional),
    ("ResourceAllocating", StatusClass::Queued),
    ("EnvPreparing", StatusClass::Transitional),
    ("Queuing", StatusClass::Queued),
    ("Starting", StatusClass::Transitional),
    ("Running", StatusClass::Running),
    ("Updating", StatusClass::Transitional),
    ("Stopping", StatusClass::Transitional),
    ("Stopped", StatusClass::Stopped),
    ("Saving", StatusClass::Transitional),
    ("Saved", StatusClass::Stopped),
    ("SaveFailed", StatusClass::Failed),
    ("Recovering", StatusClass::Transitional),
    ("Deleting", StatusClass::Transitional),
    ("Failed", StatusClass::Failed),
];

/// The class of a status word; words not in [`TABLE`] are `Unknown`.
pub fn class(status: &str) -> StatusClass {
    crate::model::class_in(&TABLE, status)
}

/// The actions DSW accepts for an instance in `status` (no restart).
pub fn allowed_actions(status: &str) -> Vec<Action> {
    match status.trim().to_ascii_lowercase().as_str() {
        "running" => vec![Action::Stop],
        "stopped" | "failed" | "savefailed" | "saved" => vec![Action::Start, Action::Delete],
        _ => Vec::new(),
    }
}

/// The status shown right after `action` was accepted (`Restart` does not
/// exist on DSW; it would show as starting).
pub fn pending(action: Action) -> &'static str {
    match action {
        Action::Start | Action::Restart => "Starting",
        Action::Dequeue => "Stopped",
        Action::Stop => "Stopping",
        Action::Delete => "Deleting",
    }
}

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

/// Whether a flavor is free (`flavor_details.promo_type` `Free`, or one of
/// the `….free` flavors seed 000 names): only free-flavor instances may be
/// queued and dequeued (管理开发环境实例).
pub fn is_free_flavor(flavor: &str, promo_type: Option<&str>) -> bool {
    promo_type.is_some_and(|p| p.trim().eq_ignore_ascii_case("free"))
        || flavor.trim().to_ascii_lowercase().ends_with(".free")
}

/// Whether an instance in `status` waits in a queue it may leave (`dequeue`).
pub fn is_queued(status: &str) -> bool {
    matches!(
        status.trim().to_ascii_uppercase().as_str(),
        "CREATE_QUEUING" | "START_QUEUING"
    )
}

/// The actions ModelArts accepts for an instance in `status`; `free` says
/// whether its flavor is free, which `dequeue` needs.
pub fn allowed_actions_for(status: &str, free: bool) -> Vec<Action> {
    let mut actions = allowed_actions(status);
    if free && is_queued(status) {
        actions.insert(0, Action::Dequeue);
    }
    actions
}

/// The actions ModelArts accepts for an instance in `status`, whatever its
/// flavor.
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
        Action::Dequeue => "STOPPED",
    }
}

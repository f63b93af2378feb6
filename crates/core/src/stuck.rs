//! Instances stuck in a moving status (creating, starting, queued …) for
//! longer than a threshold, and the provider's latest word on why.

use crate::history::HistoryEntry;
use crate::model::{Instance, Millis};

/// Since when the instance has been in its current status, as well as it
/// can be told: the provider's own time where it says when the status began
/// (ModelArts `queuing_info.begin_timestamp` for a queued instance, else the
/// last update: ModelArts `latest_update_timestamp`, PAI-DSW
/// `GmtModifiedTime`), else `observed_since`, when the console first saw
/// the instance in this status. A provider time after `now` counts as `now`.
pub fn status_since(
    instance: &Instance,
    now: Millis,
    observed_since: Option<Millis>,
) -> Option<Millis> {
    let queued = instance.queue.as_deref().and_then(|q| q.since);
    queued
        .or(instance.updated)
        .map(|t| t.min(now))
        .or(observed_since)
}

/// When the instance entered the moving status it has been in for longer
/// than `threshold_ms` at `now`; `None` when it is not moving, or not for
/// that long (see [`status_since`]).
pub fn stuck_since(
    instance: &Instance,
    now_ms: Millis,
    threshold_ms: Millis,
    observed_since: Option<Millis>,
) -> Option<Millis> {
    if !instance.status_class.is_moving() {
        return None;
    }
    let since = status_since(instance, now_ms, observed_since)?;
    (now_ms.saturating_sub(since) > threshold_ms).then_some(since)
}

/// The provider's latest reason among `entries` (as [`crate::history::merge`]
/// orders them, newest first): the first event, lifecycle step or failure
/// with a code or a message.
pub fn latest_reason(entries: &[HistoryEntry]) -> Option<&HistoryEntry> {
    entries.iter().find(|e| e.is_reason())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::{merge, of_instance, HistorySource};
    use crate::model::{ProviderKind, StatusClass};
    use crate::providers::EndpointCtx;

    const MINUTE: Millis = 60_000;

    fn documented_modelarts() -> Instance {
        // The create example: CREATING, latest_update_timestamp 1614669154682.
        crate::providers::modelarts::parse_instance(
            &EndpointCtx::default(),
            include_str!("../fixtures/modelarts_create_response.json"),
            200,
        )
        .unwrap()
    }

    #[test]
    fn from_the_providers_time() {
        let i = documented_modelarts();
        let updated = 1_614_669_154_682;
        assert_eq!(
            stuck_since(&i, updated + 31 * MINUTE, 30 * MINUTE, None),
            Some(updated)
        );
        assert_eq!(
            stuck_since(&i, updated + 29 * MINUTE, 30 * MINUTE, None),
            None
        );
        let mut running = i.clone();
        running.status_class = StatusClass::Running;
        assert_eq!(
            stuck_since(&running, updated + 99 * MINUTE, 30 * MINUTE, None),
            None
        );
    }

    #[test]
    fn from_the_queue_or_what_was_observed() {
        let text = r#"{"id":"q","status":"START_QUEUING","latest_update_timestamp":"1594887749962",
            "queuing_info":{"status":"START_QUEUING","begin_timestamp":1594887000000,"rank":3,"end_timestamp":1594890000000}}"#;
        let i = crate::providers::modelarts::parse_instance(&EndpointCtx::default(), text, 200)
            .unwrap();
        assert_eq!(
            stuck_since(&i, 1594887000000 + 11 * MINUTE, 10 * MINUTE, None),
            Some(1594887000000)
        );
        let h = of_instance(&i);
        assert_eq!(h[0].source, HistorySource::Queue);
        assert_eq!(h[0].message, "rank 3");
        assert_eq!(h[0].until, Some(1594890000000));
        // SCNet tells no update time: what the console saw counts.
        let mut s = i.clone();
        s.provider = ProviderKind::Scnet;
        s.queue = None;
        s.updated = None;
        assert_eq!(
            stuck_since(&s, 100 * MINUTE, 10 * MINUTE, Some(5 * MINUTE)),
            Some(5 * MINUTE)
        );
        assert_eq!(stuck_since(&s, 100 * MINUTE, 10 * MINUTE, None), None);
    }

    #[test]
    fn every_failed_reason_and_the_latest() {
        let text = r#"{"id":"f","status":"START_FAILED","spec":{"failed_reasons":{"code":"ModelArts.6360",
            "message":"Insufficient background resources. Please try again later.","detail":{"node":"no GPU left"}}}}"#;
        let i = crate::providers::modelarts::parse_instance(&EndpointCtx::default(), text, 200)
            .unwrap();
        let h = merge([of_instance(&i)]);
        let shown: Vec<_> = h
            .iter()
            .map(|e| (e.code.as_deref(), e.message.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    Some("ModelArts.6360"),
                    "Insufficient background resources. Please try again later."
                ),
                (Some("node"), "no GPU left"),
            ]
        );
        assert_eq!(
            latest_reason(&h).unwrap().code.as_deref(),
            Some("ModelArts.6360")
        );
    }
}

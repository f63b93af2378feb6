//! An instance's history as one list of [`HistoryEntry`]s, whatever told
//! it: the provider's event and lifecycle answers (PAI-DSW GetInstanceEvents,
//! GetLifecycle), what the detail answer says (ModelArts `failed_reasons`,
//! PAI-DSW `ReasonCode`/`ReasonMessage`, SCNet's start and end times), the
//! queue position, and status changes the console saw itself.
//!
//! The detail page asks [`ProviderKind::history_requests`], decodes each
//! answer with [`decode_history`], adds [`of_instance`] and shows
//! [`merge`]d entries, newest first; [`HistoryEntry::copy_text`] is the line
//! a copy button copies.

use crate::error::ApiError;
use crate::model::{Instance, Millis, ProviderKind};
use crate::providers::{pai_dsw, EndpointCtx};
use crate::request::RequestSpec;
use crate::time::format_rfc3339;

/// Which history answer a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryKind {
    /// PAI-DSW GetInstanceEvents.
    Events,
    /// PAI-DSW GetLifecycle.
    Lifecycle,
}

/// Who told an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistorySource {
    /// An event the provider recorded (PAI-DSW events).
    ProviderEvent,
    /// A status the instance went through, with its reason (PAI-DSW
    /// lifecycle and current reason, SCNet's start and end).
    Lifecycle,
    /// Why the instance failed (ModelArts `failed_reasons`).
    Failure,
    /// Its place in a queue (ModelArts `queuing_info`).
    Queue,
    /// A status the console saw (see [`HistoryEntry::observed`]).
    Observed,
}

/// One line of an instance's history. `message` is the provider's own
/// text (for a queue entry: `rank N`).
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub at: Option<Millis>,
    pub until: Option<Millis>,
    pub status: Option<String>,
    pub code: Option<String>,
    pub message: String,
    pub source: HistorySource,
}

impl HistoryEntry {
    /// A status the console saw an instance in from `at` on.
    pub fn observed(status: &str, at: Millis) -> Self {
        HistoryEntry {
            at: Some(at),
            until: None,
            status: Some(status.to_string()),
            code: None,
            message: String::new(),
            source: HistorySource::Observed,
        }
    }

    /// One line to copy: times (UTC, RFC 3339), status, code and the
    /// provider's message, as they came; line breaks become spaces.
    pub fn copy_text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        match (self.at, self.until) {
            (Some(a), Some(u)) => {
                parts.push(format!("{} – {}", format_rfc3339(a), format_rfc3339(u)))
            }
            (Some(a), None) => parts.push(format_rfc3339(a)),
            (None, Some(u)) => parts.push(format!("– {}", format_rfc3339(u))),
            (None, None) => {}
        }
        parts.extend(self.status.clone());
        match (&self.code, self.message.is_empty()) {
            (Some(c), false) => parts.push(format!("{c}: {}", self.message)),
            (Some(c), true) => parts.push(c.clone()),
            (None, false) => parts.push(self.message.clone()),
            (None, true) => {}
        }
        parts
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether the entry carries a reason from the provider (a code or a
    /// message from an event, a lifecycle step or a failure).
    pub fn is_reason(&self) -> bool {
        matches!(
            self.source,
            HistorySource::ProviderEvent | HistorySource::Lifecycle | HistorySource::Failure
        ) && (self.code.is_some() || !self.message.is_empty())
    }
}

impl ProviderKind {
    /// The requests that bring an instance's history, each with the kind
    /// [`decode_history`] reads its answer as. PAI-DSW: the latest 100
    /// events and the last 10 lifecycle sessions, newest first. ModelArts and
    /// SCNet have none: their history is in the detail ([`of_instance`]).
    pub fn history_requests(self, ctx: &EndpointCtx, id: &str) -> Vec<(HistoryKind, RequestSpec)> {
        match self {
            ProviderKind::PaiDsw => vec![
                (HistoryKind::Events, pai_dsw::request::events(ctx, id)),
                (HistoryKind::Lifecycle, pai_dsw::request::lifecycle(ctx, id)),
            ],
            ProviderKind::ModelArts | ProviderKind::Scnet => Vec::new(),
        }
    }
}

/// Decodes the answer to a [`ProviderKind::history_requests`] request.
pub fn decode_history(
    kind: HistoryKind,
    http_status: u16,
    body: &str,
) -> Result<Vec<HistoryEntry>, ApiError> {
    match kind {
        HistoryKind::Events => pai_dsw::history::decode_events(http_status, body),
        HistoryKind::Lifecycle => pai_dsw::history::decode_lifecycle(http_status, body),
    }
}

/// What the instance itself tells of its history: the detail answer's
/// entries (failure reasons, the current reason and times) and its queue
/// position.
pub fn of_instance(instance: &Instance) -> Vec<HistoryEntry> {
    let mut entries = instance.detail().history.clone();
    if let Some(q) = instance.queue.as_deref() {
        if q.position.is_some() || q.since.is_some() {
            entries.push(HistoryEntry {
                at: q.since,
                until: q.expected_end,
                status: Some(instance.status.clone()),
                code: None,
                message: q.position.map(|p| format!("rank {p}")).unwrap_or_default(),
                source: HistorySource::Queue,
            });
        }
    }
    entries
}

/// All entries in one list, newest first (by `at`; entries without a time
/// last, each group keeping its order). Exact repeats are dropped.
pub fn merge(lists: impl IntoIterator<Item = Vec<HistoryEntry>>) -> Vec<HistoryEntry> {
    let mut all: Vec<HistoryEntry> = Vec::new();
    for entry in lists.into_iter().flatten() {
        if !all.contains(&entry) {
            all.push(entry);
        }
    }
    all.sort_by_key(|e| std::cmp::Reverse(e.at.unwrap_or(Millis::MIN)));
    all
}

/// The time an event's text starts with (`2022-10-21T07:27:44Z …`,
/// `[2022-10-21 07:27:44] …`, read as UTC without a zone), if any.
pub fn leading_time(text: &str) -> Option<Millis> {
    let t = text.trim_start().trim_start_matches('[');
    let date = t.get(..10)?;
    let b = date.as_bytes();
    if !(b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()))
    {
        return None;
    }
    let end = t
        .char_indices()
        .skip(19)
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | 'Z' | 'z' | '+' | '-' | ':')))
        .map_or(t.len(), |(i, _)| i);
    crate::time::parse_datetime(t.get(..end)?, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at: Option<Millis>, message: &str) -> HistoryEntry {
        HistoryEntry {
            at,
            until: None,
            status: None,
            code: None,
            message: message.into(),
            source: HistorySource::ProviderEvent,
        }
    }

    #[test]
    fn merged_newest_first_untimed_last() {
        let merged = merge([
            vec![entry(Some(1), "a"), entry(None, "x"), entry(Some(3), "c")],
            vec![entry(Some(2), "b"), entry(None, "y"), entry(Some(1), "a")],
        ]);
        let order: Vec<_> = merged.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(order, ["c", "b", "a", "x", "y"]);
    }

    #[test]
    fn leading_times() {
        assert_eq!(
            leading_time("2021-01-12T14:36:01Z Pulling image"),
            Some(1_610_462_161_000)
        );
        assert_eq!(
            leading_time("[2021-01-12 14:36:01] started"),
            Some(1_610_462_161_000)
        );
        // GetInstanceEvents' documented example has no time.
        assert_eq!(
            leading_time("You are using pip version 9.0.1, however version 20.2.4 is available."),
            None
        );
        assert_eq!(leading_time("2021"), None);
    }

    #[test]
    fn what_the_detail_answers_tell() {
        let ctx = EndpointCtx::default();
        // ListInstances example (seed 002): Running, with ReasonCode
        // "Internal Error" and ReasonMessage "ImagePullBackOff".
        let page: serde_json::Value =
            serde_json::from_str(include_str!("../fixtures/pai_dsw_list_response.json")).unwrap();
        let item = page["Instances"][0].to_string();
        let dsw = ProviderKind::PaiDsw
            .decode_detail(&ctx, 200, &item)
            .unwrap();
        let h = of_instance(&dsw);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].source, HistorySource::Lifecycle);
        assert_eq!(
            h[0].copy_text(),
            "2021-01-12T14:36:01Z Running Internal Error: ImagePullBackOff"
        );
        // SCNet list example (seed 003): Waiting, createTime Beijing time,
        // startTime and endTime null.
        let page: serde_json::Value =
            serde_json::from_str(include_str!("../fixtures/scnet_list_response.json")).unwrap();
        let task = page["data"][0].to_string();
        let scnet = crate::providers::scnet::parse_instance(&ctx, &task, 200).unwrap();
        let h = of_instance(&scnet);
        assert_eq!(h[0].copy_text(), "2022-04-20T08:16:14Z Waiting");
        // A list item has no detail: only what the list knows.
        assert!(of_instance(&dsw.into_list_item()).is_empty());
    }

    #[test]
    fn copy_text_is_one_line() {
        let e = HistoryEntry {
            at: Some(1_610_462_161_000),
            until: None,
            status: Some("START_FAILED".into()),
            code: Some("ModelArts.6360".into()),
            message: "Insufficient background resources.\nPlease try again later.".into(),
            source: HistorySource::Failure,
        };
        assert_eq!(
            e.copy_text(),
            "2021-01-12T14:36:01Z START_FAILED ModelArts.6360: Insufficient background resources. Please try again later."
        );
        assert_eq!(entry(None, "only").copy_text(), "only");
    }
}

//! PAI-DSW GetInstanceEvents (`Events`: plain strings) and GetLifecycle
//! (`Lifecycle`: sessions, each a list of `{Status, ReasonCode,
//! ReasonMessage, GmtCreateTime, GmtEndTime}`) → [`HistoryEntry`]s.

use super::answer;
use crate::error::ApiError;
use crate::history::{leading_time, HistoryEntry, HistorySource};
use crate::json::{self, opt_list, Kind, Reader};
use crate::providers::lenient::{read_plain_string as text, read_string_list};
use crate::time::parse_datetime;

/// The GetInstanceEvents answer: one entry per event, in the answer's
/// order, its whole text as the message and a leading time, if any, as `at`.
pub fn decode_events(http_status: u16, body: &str) -> Result<Vec<HistoryEntry>, ApiError> {
    #[derive(Default)]
    struct Answer {
        events: Option<Vec<String>>,
    }
    let a = answer(
        http_status,
        body,
        "event list",
        |r| json::read_fields!(r, Answer { "Events" => events: read_string_list }),
    )?;
    Ok(a.events
        .unwrap_or_default()
        .into_iter()
        .filter(|e| !e.trim().is_empty())
        .map(|e| HistoryEntry {
            at: leading_time(&e),
            until: None,
            status: None,
            code: None,
            message: e.trim().to_string(),
            source: HistorySource::ProviderEvent,
        })
        .collect())
}

/// One lifecycle step.
#[derive(Debug, Default)]
struct Step {
    status: Option<String>,
    reason_code: Option<String>,
    reason_message: Option<String>,
    /// `Reason`, in one of the documented examples.
    reason: Option<String>,
    gmt_create_time: Option<String>,
    gmt_end_time: Option<String>,
}

fn read_step(r: &mut Reader<'_>) -> Result<Step, json::Error> {
    json::read_fields!(r, Step {
        "Status" => status: text,
        "ReasonCode" => reason_code: text,
        "ReasonMessage" => reason_message: text,
        "Reason" => reason: text,
        "GmtCreateTime" => gmt_create_time: text,
        "GmtEndTime" => gmt_end_time: text,
    })
}

/// `Lifecycle`: a list of sessions, each a list of steps (a flat list of
/// steps is taken too).
fn read_sessions(r: &mut Reader<'_>) -> Result<Vec<Step>, json::Error> {
    let mut steps = Vec::new();
    if r.kind()? != Kind::Array {
        r.skip()?;
        return Ok(steps);
    }
    r.array(&mut |r| {
        match r.kind()? {
            Kind::Array => steps.extend(opt_list(r, read_step)?.unwrap_or_default()),
            Kind::Object => steps.push(read_step(r)?),
            _ => r.skip()?,
        }
        Ok(())
    })?;
    Ok(steps)
}

/// A reason as the service fills it: blank, `""`, `“”` and `null` say none.
fn said(s: Option<String>) -> Option<String> {
    let t = s?;
    let t = t.trim().trim_matches(['"', '“', '”']).trim();
    (!t.is_empty() && t != "null").then(|| t.to_string())
}

/// The GetLifecycle answer: one entry per step, sessions in the answer's
/// order.
pub fn decode_lifecycle(http_status: u16, body: &str) -> Result<Vec<HistoryEntry>, ApiError> {
    #[derive(Default)]
    struct Answer {
        steps: Vec<Step>,
    }
    let a = answer(
        http_status,
        body,
        "lifecycle",
        |r| json::read_fields!(r, Answer { "Lifecycle" => steps: read_sessions }),
    )?;
    let time = |t: &Option<String>| t.as_deref().and_then(|t| parse_datetime(t, 0));
    Ok(a.steps
        .into_iter()
        .map(|s| HistoryEntry {
            at: time(&s.gmt_create_time),
            until: time(&s.gmt_end_time),
            code: said(s.reason_code),
            message: said(s.reason_message)
                .or(said(s.reason))
                .unwrap_or_default(),
            status: said(s.status),
            source: HistorySource::Lifecycle,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_as_documented() {
        // "PAI-DSW API 2022-01-01: GetInstanceEvents", response example.
        let body = r#"{
  "RequestId": "E7D55162-4489-1619-AAF5-3F97D5FCA948",
  "Success": true,
  "Message": "XXX\n",
  "Code": "None",
  "HttpStatusCode": 200,
  "InstanceId": "dsw-730xxxxxxxxxx",
  "Events": [
    "You are using pip version 9.0.1, however version 20.2.4 is available."
  ],
  "TotalCount": 1
}"#;
        let events = decode_events(200, body).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].at, None);
        assert_eq!(
            events[0].message,
            "You are using pip version 9.0.1, however version 20.2.4 is available."
        );
        assert_eq!(events[0].source, HistorySource::ProviderEvent);
    }

    #[test]
    fn lifecycle_as_documented() {
        // "PAI-DSW API 2022-01-01: GetLifecycle", response example.
        let body = r#"{
"RequestId": "E7D55162-4489-1619-AAF5-3F97D5FC****",
"Success": true,
"Message": "\"XXX\"",
"Code": "null",
"Lifecycle": [
[
{
"Status": "Starting",
"ReasonCode": "“”",
"ReasonMessage": "“”",
"GmtCreateTime": "2022-10-21T07:27:44Z"
}
]
],
"TotalCount": 35
}"#;
        let steps = decode_lifecycle(200, body).unwrap();
        assert_eq!(steps.len(), 1);
        let s = &steps[0];
        assert_eq!(s.status.as_deref(), Some("Starting"));
        assert_eq!(s.at, parse_datetime("2022-10-21T07:27:44Z", 0));
        assert_eq!((s.code.as_deref(), s.message.as_str()), (None, ""));
        // The SDK models' example: a `Reason` member, empty.
        let sdk = r#"{"Lifecycle":[[{"Status":"Creating","GmtCreateTime":"2022-09-19T22:38:00Z","Reason":"","ReasonCode":""}],
            [{"Status":"Failed","ReasonCode":"ImagePullBackOff","ReasonMessage":"Back-off pulling image","GmtCreateTime":"2022-09-19T22:40:00Z","GmtEndTime":"2022-09-19T22:41:00Z"}]]}"#;
        let steps = decode_lifecycle(200, sdk).unwrap();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[1].code.as_deref(), Some("ImagePullBackOff"));
        assert_eq!(steps[1].until, parse_datetime("2022-09-19T22:41:00Z", 0));
    }

    #[test]
    fn an_error_envelope_is_an_error() {
        let body = r#"{"RequestId":"r","Success":false,"Code":"ValidationError","Message":"bad","HttpStatusCode":400}"#;
        let err = decode_lifecycle(200, body).unwrap_err();
        assert_eq!(err.code.as_deref(), Some("ValidationError"));
        assert!(decode_events(404, "{}").is_err());
    }
}

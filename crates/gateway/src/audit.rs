//! The audit log: one JSON line per change (create, edit, start, stop,
//! restart, delete, queue, dequeue) and per refused request, written to a
//! file or to standard output. A line holds who, which endpoint, what, which
//! instance, how it ended and the provider's request id: never a
//! credential, a token, a cookie or a request body.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::clock::UtcDateTime;

/// Where audit lines go.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AuditTarget {
    /// Standard output (`path = "-"`, the default).
    #[default]
    Stdout,
    /// Appended to a file.
    File(PathBuf),
}

/// How a request ended, for the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Sent to the provider; `upstream_status` is its answer.
    Forwarded,
    /// Refused by the gateway; `code` says why.
    Denied,
    /// Allowed, but the provider could not be reached or authenticated
    /// with; `code` says why.
    Failed,
}

/// One audit line.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord {
    /// RFC 3339, UTC, milliseconds.
    pub time: String,
    /// The caller's name; `null` when unknown (mode `none`, or not
    /// identified).
    pub user: Option<String>,
    /// The peer address the request came from.
    pub client: Option<String>,
    pub endpoint: Option<String>,
    /// `create`, `edit`, `delete`, `start`, `stop`, `restart`, `queue`,
    /// `dequeue`, a read action for refused reads, or the HTTP method for
    /// a route that is not forwarded.
    pub action: String,
    pub instance_id: Option<String>,
    pub method: String,
    pub outcome: Outcome,
    /// The gateway's error code (`Gateway.Forbidden` …) when denied or failed.
    pub code: Option<String>,
    pub upstream_status: Option<u16>,
    /// `X-Request-Id` / `x-acs-request-id` of the provider's answer.
    pub request_id: Option<String>,
}

enum Sink {
    Stdout,
    File(Mutex<File>),
}

/// Writes audit lines.
pub struct AuditLog {
    sink: Sink,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let target = match self.sink {
            Sink::Stdout => "stdout",
            Sink::File(_) => "file",
        };
        f.debug_struct("AuditLog").field("sink", &target).finish()
    }
}

impl AuditLog {
    /// Opens the target (a file is created if needed and appended to).
    pub fn open(target: &AuditTarget) -> std::io::Result<Self> {
        let sink = match target {
            AuditTarget::Stdout => Sink::Stdout,
            AuditTarget::File(path) => Sink::File(Mutex::new(open_append(path)?)),
        };
        Ok(AuditLog { sink })
    }

    /// Writes one line. A failed write is logged, never fatal.
    pub fn write(&self, record: &AuditRecord) {
        let Ok(mut line) = serde_json::to_vec(record) else {
            return;
        };
        line.push(b'\n');
        let written = match &self.sink {
            Sink::Stdout => {
                let mut stdout = std::io::stdout().lock();
                stdout.write_all(&line).and_then(|()| stdout.flush())
            }
            Sink::File(file) => match file.lock() {
                Ok(mut file) => file.write_all(&line),
                Err(poisoned) => poisoned.into_inner().write_all(&line),
            },
        };
        if let Err(error) = written {
            tracing::error!(%error, "cannot write the audit log");
        }
    }
}

fn open_append(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o640);
    }
    options.open(path)
}

/// The current time as RFC 3339 with milliseconds (`2024-01-02T03:04:05.678Z`).
pub fn now_rfc3339() -> String {
    let now = SystemTime::now();
    let millis = now
        .duration_since(UNIX_EPOCH)
        .map(|since| since.subsec_millis())
        .unwrap_or(0);
    let text = UtcDateTime::from_system_time(now).to_iso8601();
    format!("{}.{millis:03}Z", text.trim_end_matches('Z'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_rfc3339_with_millis() {
        let time = now_rfc3339();
        assert_eq!(time.len(), 24, "{time}");
        assert!(time.ends_with('Z') && time.as_bytes()[10] == b'T' && time.as_bytes()[19] == b'.');
        assert!(crate::clock::parse_rfc3339(&time).is_some());
    }
}

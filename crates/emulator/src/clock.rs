//! The emulator's clock and the providers' time formats (ModelArts
//! epoch-millisecond strings, PAI-DSW RFC 3339, SCNet local
//! `YYYY-MM-DD HH:MM:SS` in China Standard Time).
//!
//! The clock is wall-clock time plus an offset that only moves forward
//! (`POST /__emulator/clock`), so instances keep moving by themselves and a
//! test can still jump past a transition or an auto-stop countdown without
//! waiting for it. Every time the emulator writes or compares comes from
//! [`Clock::now_ms`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch by the machine's clock.
fn wall_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// How far ahead of wall-clock time the clock may run (a hundred years), so
/// that times computed from it never overflow.
pub const MAX_OFFSET_MS: u64 = 100 * 36_525 * 86_400 * 10;

/// Wall-clock time moved forward by what tests asked for.
#[derive(Debug, Default)]
pub struct Clock {
    offset_ms: AtomicU64,
}

impl Clock {
    /// A clock that reads wall-clock time (no offset).
    pub fn new() -> Clock {
        Clock::default()
    }

    /// The emulator's "now": milliseconds since the Unix epoch plus the offset.
    pub fn now_ms(&self) -> u64 {
        wall_ms().saturating_add(self.offset_ms())
    }

    /// How far ahead of wall-clock time the clock is, in milliseconds.
    pub fn offset_ms(&self) -> u64 {
        self.offset_ms.load(Ordering::SeqCst)
    }

    /// Moves the clock `ms` forward and answers the offset it now has, or
    /// `None` (and no change) when the offset would exceed [`MAX_OFFSET_MS`].
    pub fn advance(&self, ms: u64) -> Option<u64> {
        self.offset_ms
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |o| {
                o.checked_add(ms).filter(|&n| n <= MAX_OFFSET_MS)
            })
            .ok()
            .map(|before| before + ms)
    }

    /// Back to wall-clock time.
    pub fn reset(&self) {
        self.offset_ms.store(0, Ordering::SeqCst);
    }
}

/// Civil date from days since 1970-01-01 (proleptic Gregorian).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn parts(ms: u64, offset_secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let secs = (ms / 1000) as i64 + offset_secs;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    )
}

/// `2021-01-12T14:36:01Z` (PAI-DSW).
pub fn rfc3339(ms: u64) -> String {
    let (y, mo, d, h, mi, s) = parts(ms, 0);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Epoch milliseconds of an ISO-8601 / RFC 3339 time such as
/// `2021-01-12T14:36:01Z`, `2021-01-12T14:36:01.250Z` or
/// `2021-01-12T22:36:01+08:00` (no zone: UTC). `None` when it is not one,
/// or before 1970.
pub fn parse_rfc3339(text: &str) -> Option<u64> {
    let b = text.trim().as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        let part = &b[from..to];
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, s) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0u64;
    if let Some((b'.', fraction)) = rest.split_first() {
        let digits = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        for (i, c) in fraction[..digits].iter().take(3).enumerate() {
            millis += u64::from(c - b'0') * [100, 10, 1][i];
        }
        rest = &fraction[digits..];
    }
    let offset_secs: i64 = match rest {
        [] | [b'Z'] | [b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let digits = [*h1, *h2, *m1, *m2];
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            let hours = i64::from((h1 - b'0') * 10 + (h2 - b'0'));
            let minutes = i64::from((m1 - b'0') * 10 + (m2 - b'0'));
            let secs = hours * 3600 + minutes * 60;
            if *sign == b'+' {
                secs
            } else {
                -secs
            }
        }
        _ => return None,
    };
    let days = days_from_civil(i64::from(y), mo, d);
    let secs =
        days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s) - offset_secs;
    u64::try_from(secs).ok().map(|s| s * 1000 + millis)
}

/// `2022-04-20 16:16:14` in UTC+8 (SCNet).
pub fn scnet_time(ms: u64) -> String {
    let (y, mo, d, h, mi, s) = parts(ms, 8 * 3600);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        // 2021-01-12T14:36:01Z
        assert_eq!(rfc3339(1_610_462_161_000), "2021-01-12T14:36:01Z");
        assert_eq!(scnet_time(1_610_462_161_000), "2021-01-12 22:36:01");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn parses_what_it_formats_and_common_variants() {
        for ms in [0, 1_610_462_161_000, 1_709_251_199_000, 4_102_444_800_000] {
            assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms));
        }
        assert_eq!(
            parse_rfc3339("2021-01-12T14:36:01.250Z"),
            Some(1_610_462_161_250)
        );
        assert_eq!(
            parse_rfc3339("2021-01-12T22:36:01+08:00"),
            Some(1_610_462_161_000)
        );
        assert_eq!(
            parse_rfc3339("2021-01-12T14:36:01"),
            Some(1_610_462_161_000)
        );
        for bad in [
            "",
            "yesterday",
            "2021-13-01T00:00:00Z",
            "2021-01-12T14:36:01X",
            "2021-01-12T14:36:01.",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn advancing_moves_now_forward_by_that_much() {
        let clock = Clock::new();
        assert_eq!(clock.offset_ms(), 0);
        let before = clock.now_ms();
        assert_eq!(clock.advance(90_000), Some(90_000));
        assert_eq!(clock.advance(10_000), Some(100_000));
        assert!(clock.now_ms() >= before + 100_000);
        assert_eq!(clock.advance(u64::MAX), None);
        assert_eq!(clock.advance(MAX_OFFSET_MS), None);
        assert_eq!(clock.offset_ms(), 100_000);
        clock.reset();
        assert_eq!(clock.offset_ms(), 0);
    }
}

//! Wall-clock time in milliseconds and the providers' time formats
//! (ModelArts epoch-millisecond strings, PAI-DSW RFC 3339, SCNet local
//! `YYYY-MM-DD HH:MM:SS` in China Standard Time).

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
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
}

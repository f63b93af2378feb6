//! UTC date formats the signing schemes need (`YYYYMMDDTHHMMSSZ`, ISO 8601)
//! and a lenient RFC 3339 parser for token expiry times, without a calendar
//! dependency.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Broken-down UTC time, second precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcDateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl UtcDateTime {
    pub fn from_system_time(time: SystemTime) -> Self {
        let seconds = match time.duration_since(UNIX_EPOCH) {
            Ok(since) => since.as_secs() as i64,
            Err(before) => -(before.duration().as_secs() as i64),
        };
        Self::from_unix_seconds(seconds)
    }

    pub fn from_unix_seconds(seconds: i64) -> Self {
        let days = seconds.div_euclid(86_400);
        let second_of_day = seconds.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        UtcDateTime {
            year,
            month,
            day,
            hour: second_of_day / 3600,
            minute: second_of_day % 3600 / 60,
            second: second_of_day % 60,
        }
    }

    pub fn to_unix_seconds(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// `20240102T030405Z`, the `X-Sdk-Date` format.
    pub fn to_basic_format(self) -> String {
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `2024-01-02T03:04:05Z`, the `x-acs-date` format.
    pub fn to_iso8601(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

/// Parses `2024-01-02T03:04:05Z`, `2024-01-02T03:04:05.123456Z` or with a
/// `+08:00` style offset; `None` for anything else.
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 19 || !text.is_char_boundary(19) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    if bytes[4] != b'-' || bytes[7] != b'-' || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let date_time = UtcDateTime {
        year: i64::from(number(0..4)?),
        month: number(5..7)?,
        day: number(8..10)?,
        hour: number(11..13)?,
        minute: number(14..16)?,
        second: number(17..19)?,
    };
    if !(1..=12).contains(&date_time.month) || !(1..=31).contains(&date_time.day) {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        rest = &fraction[digits..];
    }
    let offset_seconds: i64 = match rest {
        "Z" | "z" | "" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hours: i64 = rest.get(1..3)?.parse().ok()?;
            let minutes: i64 = rest.get(4..6)?.parse().ok()?;
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let unix = date_time.to_unix_seconds() - offset_seconds;
    let unix = u64::try_from(unix).ok()?;
    Some(UNIX_EPOCH + Duration::from_secs(unix))
}

// Days since 1970-01-01 to (year, month, day), proleptic Gregorian calendar.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        // 2024-02-29T23:59:58Z is 1709251198 seconds after the epoch.
        let time = UtcDateTime::from_unix_seconds(1_709_251_198);
        assert_eq!(time.to_basic_format(), "20240229T235958Z");
        assert_eq!(time.to_iso8601(), "2024-02-29T23:59:58Z");
        assert_eq!(
            UtcDateTime::from_unix_seconds(0).to_iso8601(),
            "1970-01-01T00:00:00Z"
        );
    }

    #[test]
    fn round_trips_days() {
        for seconds in [0_i64, 86_399, 951_782_400, 1_709_251_198, 4_102_444_800] {
            assert_eq!(
                UtcDateTime::from_unix_seconds(seconds).to_unix_seconds(),
                seconds
            );
        }
    }

    #[test]
    fn parses_rfc3339_variants() {
        let expected = UNIX_EPOCH + Duration::from_secs(1_709_251_198);
        assert_eq!(parse_rfc3339("2024-02-29T23:59:58Z"), Some(expected));
        assert_eq!(parse_rfc3339("2024-02-29T23:59:58.123000Z"), Some(expected));
        assert_eq!(parse_rfc3339("2024-03-01T07:59:58+08:00"), Some(expected));
        assert_eq!(parse_rfc3339("not a date"), None);
        assert_eq!(parse_rfc3339("2024-13-01T00:00:00Z"), None);
    }
}

//! Timestamps as the providers send them (epoch milliseconds as strings or
//! numbers, RFC 3339, SCNet's local `YYYY-MM-DD HH:MM:SS`), normalised to
//! milliseconds since the epoch, UTC.

use crate::model::Millis;

/// Days since 1970-01-01 for a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// (year, month, day) for days since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Epoch milliseconds from a string of digits (`"1594887749962"`).
pub fn parse_epoch_millis(s: &str) -> Option<Millis> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || s.len() > 16 {
        return None;
    }
    s.parse().ok()
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parses `YYYY-MM-DD?HH:MM:SS[.fff][Z|±HH:MM]` where `?` is `T` or a space.
/// Without a zone, `default_offset_minutes` east of UTC is assumed.
pub fn parse_datetime(s: &str, default_offset_minutes: i32) -> Option<Millis> {
    let s = s.trim();
    if s.len() < 19 || !s.is_char_boundary(10) || !s.is_char_boundary(19) {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let sep = rest.as_bytes()[0];
    if sep != b'T' && sep != b' ' && sep != b't' {
        return None;
    }
    let mut dp = date.split('-');
    let (y, m, d) = (num(dp.next()?)?, num(dp.next()?)?, num(dp.next()?)?);
    if dp.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let time = &rest[1..9];
    let mut tp = time.split(':');
    let (hh, mm, ss) = (num(tp.next()?)?, num(tp.next()?)?, num(tp.next()?)?);
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let mut tail = &rest[9..];
    let mut frac_ms = 0i64;
    if let Some(t) = tail.strip_prefix('.') {
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        if digits.is_empty() {
            return None;
        }
        let padded = format!("{:0<3}", &digits[..digits.len().min(3)]);
        frac_ms = padded.parse().ok()?;
        tail = &t[digits.len()..];
    }
    let offset_min: i64 = match tail {
        "" => default_offset_minutes as i64,
        "Z" | "z" => 0,
        t if (t.starts_with('+') || t.starts_with('-')) && t.len() == 6 && &t[3..4] == ":" => {
            let sign = if t.starts_with('-') { -1 } else { 1 };
            sign * (num(&t[1..3])? as i64 * 60 + num(&t[4..6])? as i64)
        }
        _ => return None,
    };
    let days = days_from_civil(y as i64, m, d);
    let secs = days * 86400 + hh as i64 * 3600 + mm as i64 * 60 + ss as i64 - offset_min * 60;
    Some(secs * 1000 + frac_ms)
}

/// `2021-01-12T14:36:01Z` for epoch milliseconds.
pub fn format_rfc3339(ms: Millis) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86400));
    let sod = secs.rem_euclid(86400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        let ms = parse_datetime("2021-01-12T14:36:01Z", 0).unwrap();
        assert_eq!(ms, 1_610_462_161_000);
        assert_eq!(format_rfc3339(ms), "2021-01-12T14:36:01Z");
    }

    #[test]
    fn local_time_uses_default_offset() {
        // SCNet prints Beijing time without a zone.
        let ms = parse_datetime("2022-04-20 16:16:14", 8 * 60).unwrap();
        assert_eq!(format_rfc3339(ms), "2022-04-20T08:16:14Z");
    }

    #[test]
    fn garbage_is_none() {
        for s in [
            "",
            "2022",
            "2022-13-01 00:00:00",
            "abcdefghijklmnopqrstu",
            "2022-04-20T16:16:14+8",
        ] {
            assert_eq!(parse_datetime(s, 0), None, "{s}");
        }
        assert_eq!(parse_epoch_millis("1594887749962"), Some(1_594_887_749_962));
        assert_eq!(parse_epoch_millis("-1"), None);
    }
}

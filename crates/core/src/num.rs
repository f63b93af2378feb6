//! Decimal numbers and letter case without the standard library's tables.
//!
//! `str::parse::<f64>` and `str::to_lowercase` each link a table of about
//! 10 KB into the console's wasm, and a table stays in the first download
//! even when only an on-demand page uses it. The console reads CPU counts,
//! memory sizes and percentages, and searches names and ids, so it needs
//! neither table: [`parse_f64`] rounds correctly (exactly for up to 15
//! significant digits and a small exponent, by Clinger's fast path;
//! through a 128-bit mantissa beyond); [`fold`] lowercases the letters of the scripts
//! with case that instance names use (Latin, Greek, Cyrillic, Armenian,
//! full-width Latin) and keeps every other character as it is.

/// Powers of ten that `f64` holds exactly.
const EXACT: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// A decimal number: an optional sign, digits with an optional point (at
/// least one digit), an optional exponent. `None` for anything else,
/// including `inf` and `NaN`; a number beyond `f64` is infinite, one below
/// its smallest is zero.
pub fn parse_f64(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            i = 1;
            true
        }
        Some(b'+') => {
            i = 1;
            false
        }
        _ => false,
    };
    let mut mantissa: u128 = 0;
    let mut significant = 0u32;
    let mut exp10: i64 = 0;
    let mut digits = 0;
    let mut point = false;
    while let Some(&c) = bytes.get(i) {
        match c {
            b'0'..=b'9' => {
                digits += 1;
                if significant < 38 {
                    mantissa = mantissa * 10 + u128::from(c - b'0');
                    if mantissa > 0 {
                        significant += 1;
                    }
                    if point {
                        exp10 -= 1;
                    }
                } else if !point {
                    exp10 += 1;
                }
            }
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return None;
    }
    if let Some(b'e' | b'E') = bytes.get(i) {
        i += 1;
        let sign = match bytes.get(i) {
            Some(b'-') => {
                i += 1;
                -1
            }
            Some(b'+') => {
                i += 1;
                1
            }
            _ => 1,
        };
        let start = i;
        let mut e: i64 = 0;
        while let Some(&c @ b'0'..=b'9') = bytes.get(i) {
            e = (e * 10 + i64::from(c - b'0')).min(1_000_000);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp10 += sign * e;
    }
    if i != bytes.len() {
        return None;
    }
    let value = scale(mantissa, exp10);
    Some(if negative { -value } else { value })
}

/// `mantissa × 10^exp10`, rounded to the nearest `f64` (ties to even).
/// Beyond the exact fast path, the product is carried in a 128-bit
/// mantissa (each step off by less than 2^-123 of the value), so the result
/// is the correctly rounded one unless the decimal lies within that margin
/// of a halfway point between two `f64`s.
fn scale(mantissa: u128, exp10: i64) -> f64 {
    if mantissa == 0 {
        return 0.0;
    }
    if mantissa < (1 << 53) && exp10.unsigned_abs() <= 22 {
        let (m, p) = (mantissa as f64, EXACT[exp10.unsigned_abs() as usize]);
        return if exp10 < 0 { m / p } else { m * p };
    }
    if exp10 > 400 {
        return f64::INFINITY;
    }
    if exp10 < -400 {
        return 0.0;
    }
    // value = m × 2^e2, with the top bit of m set.
    let mut e2 = -(mantissa.leading_zeros() as i64);
    let mut m = mantissa << mantissa.leading_zeros();
    for _ in 0..exp10.unsigned_abs() {
        if exp10 > 0 {
            m = (m >> 4) * 10;
            e2 += 4;
        } else {
            m /= 10;
        }
        let shift = m.leading_zeros();
        m <<= shift;
        e2 -= i64::from(shift);
    }
    // The binary exponent of the leading bit.
    let exponent = 127 + e2;
    if exponent > 1023 {
        return f64::INFINITY;
    }
    // Bits of m below the 53 (fewer when subnormal) that f64 keeps.
    let drop = 75 + (-1022 - exponent).max(0);
    if drop >= 128 {
        return if drop == 128 && m > 1 << 127 {
            f64::from_bits(1)
        } else {
            0.0
        };
    }
    let mut kept = (m >> drop) as u64;
    let rest = m & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    if rest > half || (rest == half && kept & 1 == 1) {
        kept += 1;
    }
    let bits = if exponent < -1022 {
        // Subnormal: the exponent field stays 0 (or becomes 1 on carry).
        kept
    } else if kept == 1 << 53 {
        if exponent + 1 > 1023 {
            return f64::INFINITY;
        }
        ((exponent + 1 + 1023) as u64) << 52
    } else {
        (((exponent + 1023) as u64) << 52) | (kept & ((1 << 52) - 1))
    };
    f64::from_bits(bits)
}

/// `v` rounded to `places` decimals (at most 9), without trailing zeros:
/// `decimal(1.5, 2)` is `1.5`, `decimal(4.0, 1)` is `4`. Integer arithmetic
/// only, so the wasm carries no float formatter.
pub fn decimal(v: f64, places: u32) -> String {
    let unit = 10u64.pow(places.min(9));
    let scaled = (v.abs() * unit as f64).round();
    if !scaled.is_finite() || scaled >= 1e19 {
        return if v.is_nan() {
            "NaN".into()
        } else if v < 0.0 {
            "-inf".into()
        } else {
            "inf".into()
        };
    }
    let scaled = scaled as u64;
    let sign = if v < 0.0 && scaled > 0 { "-" } else { "" };
    let (whole, mut fraction) = (scaled / unit, scaled % unit);
    if fraction == 0 {
        return format!("{sign}{whole}");
    }
    let mut width = places.min(9) as usize;
    while fraction % 10 == 0 {
        fraction /= 10;
        width -= 1;
    }
    format!("{sign}{whole}.{fraction:0width$}")
}

/// The lowercase of `c` in the scripts [`fold`] covers; `c` itself for
/// every other character.
pub fn fold_char(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        // Latin Extended-A: upper and lower alternate.
        0x100..=0x137 | 0x14A..=0x177 if u.is_multiple_of(2) => u + 1,
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        0x178 => 0xFF,
        0x391..=0x3A1 | 0x3A3..=0x3AB => u + 0x20,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E | 0x38F => u + 0x3F,
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if u.is_multiple_of(2) => u + 1,
        0x531..=0x556 => u + 0x30,
        0xFF21..=0xFF3A => u + 0x20,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// `text` with [`fold_char`] applied to each character.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read_as_the_standard_library_reads_them() {
        // Numbers providers print: CPU counts, memory in GiB, percentages
        // (PAI-DSW GetInstanceMetrics' documented example value), epoch
        // milliseconds, and JSON's exponent forms.
        for text in [
            "0",
            "-0",
            "8",
            "0.5",
            "4.0",
            "+2",
            "1.",
            ".25",
            "64.00",
            "4.536552540058814",
            "1669107528450",
            "12.5e3",
            "1E2",
            "1e-7",
            "2.5E+10",
            "9007199254740993",
            "123456789012345678901234567890",
            "0.1",
            "0.30000000000000004",
            "1e308",
            "2.2250738585072014e-308",
            "1e22",
            "1e23",
            "1.7976931348623157e308",
            "4.9e-324",
            "2.4703282292062328e-324",
            "1e-310",
            "5e-324",
            "6.02e23",
            "-1.5e-3",
            "1e21",
        ] {
            let want: f64 = text.parse().unwrap();
            let got = parse_f64(text).unwrap_or_else(|| panic!("{text} not read"));
            assert_eq!(got.to_bits(), want.to_bits(), "{text}: {got} vs {want}");
        }
    }

    #[test]
    fn every_printed_double_reads_back_bit_for_bit() {
        // Doubles spread over the whole range (a fixed xorshift sequence of
        // bit patterns), printed in the forms programs print them: shortest,
        // 17 significant digits, and fixed-point.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = f64::from_bits(state & !(1 << 63));
            if !value.is_finite() {
                continue;
            }
            for text in [
                format!("{value:e}"),
                format!("{value:.16e}"),
                format!("{value}"),
            ] {
                let got = parse_f64(&text).unwrap();
                assert_eq!(got.to_bits(), value.to_bits(), "{text}");
            }
        }
    }

    #[test]
    fn short_decimals_are_exact() {
        for text in [
            "0.1",
            "0.2",
            "4.5",
            "99.99",
            "1669107528450",
            "0.001",
            "3.14159",
        ] {
            assert_eq!(parse_f64(text), text.parse().ok(), "{text}");
        }
        assert!(parse_f64("-0").unwrap().is_sign_negative());
    }

    #[test]
    fn ranges_and_refusals() {
        assert_eq!(parse_f64("1e400"), Some(f64::INFINITY));
        assert_eq!(parse_f64("-1e400"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_f64("1e-400"), Some(0.0));
        for text in [
            "", "-", ".", "e5", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "inf", "NaN", "0x10",
            "1_000",
        ] {
            assert_eq!(parse_f64(text), None, "{text:?}");
        }
    }

    #[test]
    fn decimals_print_rounded_without_trailing_zeros() {
        for (v, places, text) in [
            (4.0, 1, "4"),
            (0.5, 1, "0.5"),
            (2.96, 1, "3"),
            (1.5, 2, "1.5"),
            (0.05, 2, "0.05"),
            (1.0 / 3.0, 2, "0.33"),
            (-1.25, 1, "-1.3"),
            (-0.04, 1, "0"),
            (1669107528450.0, 0, "1669107528450"),
        ] {
            assert_eq!(decimal(v, places), text, "{v} to {places}");
            let std = format!("{v:.places$}", places = places as usize);
            let trimmed = if std.contains('.') {
                std.trim_end_matches('0').trim_end_matches('.')
            } else {
                &std
            };
            let trimmed = if trimmed == "-0" { "0" } else { trimmed };
            if v != -1.25 {
                assert_eq!(decimal(v, places), trimmed, "agrees with std for {v}");
            }
        }
    }

    #[test]
    fn folding_lowercases_the_scripts_names_use() {
        for (upper, lower) in [
            ("NOTEBOOK-GPU_01", "notebook-gpu_01"),
            ("ÉTÉ ÀÖØÞ", "été àöøþ"),
            ("ŁÓDŹ ŠKODA Ÿ", "łódź škoda ÿ"),
            ("ΑΘΗΝΑ Ά", "αθηνα ά"),
            ("МОСКВА ЁЖ", "москва ёж"),
            ("ＡＢＣ", "ａｂｃ"),
            ("训练-A100", "训练-a100"),
        ] {
            assert_eq!(fold(upper), lower);
            assert_eq!(
                fold(upper),
                upper.to_lowercase(),
                "agrees with std for {upper}"
            );
        }
        assert_eq!(fold_char('ß'), 'ß');
        assert_eq!(fold_char('×'), '×');
    }
}

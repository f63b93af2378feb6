//! Locale-aware formatting of times, durations, numbers and hardware.
//! Pure functions: the caller passes "now".

use super::Locale;
use devenv_core::model::Millis;
use devenv_core::time::civil_from_days;
use devenv_core::{AcceleratorKind, Hardware};

/// `2020-07-16 08:22:29 UTC`.
pub fn exact_time(ms: Millis) -> String {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86400));
    let sod = secs.rem_euclid(86400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    )
}

/// `3 hours ago`, `in 5 minutes`, `3 小时前`.
pub fn relative_time(locale: Locale, ms: Millis, now: Millis) -> String {
    let delta = (now - ms) / 1000;
    let past = delta >= 0;
    let s = delta.unsigned_abs();
    if s < 45 {
        return match locale {
            Locale::En => "just now".into(),
            Locale::ZhCn => "刚刚".into(),
        };
    }
    let (n, unit_en, unit_zh) = if s < 3600 {
        ((s + 30) / 60, "minute", "分钟")
    } else if s < 86400 {
        ((s + 1800) / 3600, "hour", "小时")
    } else if s < 86400 * 30 {
        ((s + 43200) / 86400, "day", "天")
    } else if s < 86400 * 365 {
        ((s + 86400 * 15) / (86400 * 30), "month", "个月")
    } else {
        (s / (86400 * 365), "year", "年")
    };
    match locale {
        Locale::En => {
            let plural = if n == 1 { "" } else { "s" };
            if past {
                format!("{n} {unit_en}{plural} ago")
            } else {
                format!("in {n} {unit_en}{plural}")
            }
        }
        Locale::ZhCn => {
            if past {
                format!("{n} {unit_zh}前")
            } else {
                format!("{n} {unit_zh}后")
            }
        }
    }
}

/// `1 h 05 min`, `57 min 30 s`, `1 小时 5 分`.
pub fn duration(locale: Locale, secs: i64) -> String {
    let s = secs.max(0);
    let (h, m, sec) = (s / 3600, (s / 60) % 60, s % 60);
    match locale {
        Locale::En => {
            if h > 0 {
                format!("{h} h {m:02} min")
            } else if m > 0 {
                format!("{m} min {sec:02} s")
            } else {
                format!("{sec} s")
            }
        }
        Locale::ZhCn => {
            if h > 0 {
                format!("{h} 小时 {m} 分")
            } else if m > 0 {
                format!("{m} 分 {sec} 秒")
            } else {
                format!("{sec} 秒")
            }
        }
    }
}

/// An integer with the locale's digit grouping: `10,000`.
pub fn integer(_locale: Locale, n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn number(v: f64) -> String {
    devenv_core::num::decimal(v, 1)
}

/// `8 vCPU · 1 × v100NV32 · 64GiB`.
pub fn hardware(locale: Locale, hw: &Hardware) -> String {
    let mut parts = Vec::new();
    if let Some(cpu) = hw.cpu {
        parts.push(match locale {
            Locale::En => format!("{} vCPU", number(cpu)),
            Locale::ZhCn => format!("{} 核", number(cpu)),
        });
    }
    if let Some(n) = hw.accelerators.filter(|n| *n > 0) {
        let kind = match hw.accelerator_kind {
            AcceleratorKind::Npu => "NPU",
            _ => "GPU",
        };
        parts.push(match &hw.accelerator_model {
            Some(model) if !model.is_empty() => format!("{n} × {model}"),
            _ => format!("{n} × {kind}"),
        });
    }
    if let Some(mem) = &hw.memory {
        parts.push(mem.clone());
    } else if let Some(mib) = hw.memory_mib {
        parts.push(if mib % 1024 == 0 {
            format!("{} GiB", mib / 1024)
        } else {
            format!("{mib} MiB")
        });
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_in_both_languages() {
        let now = 1_000_000_000_000;
        assert_eq!(relative_time(Locale::En, now - 10_000, now), "just now");
        assert_eq!(
            relative_time(Locale::En, now - 3 * 3_600_000, now),
            "3 hours ago"
        );
        assert_eq!(relative_time(Locale::En, now - 60_000, now), "1 minute ago");
        assert_eq!(
            relative_time(Locale::En, now + 5 * 60_000, now),
            "in 5 minutes"
        );
        assert_eq!(
            relative_time(Locale::ZhCn, now - 2 * 86_400_000, now),
            "2 天前"
        );
    }

    #[test]
    fn durations_and_numbers() {
        assert_eq!(duration(Locale::En, 3450), "57 min 30 s");
        assert_eq!(duration(Locale::En, 3900), "1 h 05 min");
        assert_eq!(duration(Locale::ZhCn, 3900), "1 小时 5 分");
        assert_eq!(integer(Locale::En, 10000), "10,000");
        assert_eq!(integer(Locale::En, 999), "999");
        assert_eq!(exact_time(1_594_887_749_962), "2020-07-16 08:22:29 UTC");
    }

    #[test]
    fn hardware_summary() {
        let hw = Hardware {
            cpu: Some(8.0),
            accelerators: Some(1),
            accelerator_model: Some("v100NV32".into()),
            accelerator_kind: AcceleratorKind::Gpu,
            memory: Some("64GiB".into()),
            memory_mib: None,
        };
        assert_eq!(hardware(Locale::En, &hw), "8 vCPU · 1 × v100NV32 · 64GiB");
        let cpu = Hardware {
            cpu: Some(6.0),
            accelerators: Some(0),
            memory_mib: Some(30720),
            ..Hardware::default()
        };
        assert_eq!(hardware(Locale::ZhCn, &cpu), "6 核 · 30 GiB");
    }
}

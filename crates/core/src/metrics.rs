//! Resource use over time (PAI-DSW GetInstanceMetrics): what to ask for
//! ([`MetricKind`], [`MetricRange`], [`ProviderKind::metrics_request`]),
//! the answer as [`Series`] ([`decode_metrics`]), and whether an instance
//! idled over the whole window ([`is_idle`]). [`crate::chart`] lays series
//! out for drawing.

use crate::error::ApiError;
use crate::model::{Millis, ProviderKind};
use crate::providers::{pai_dsw, EndpointCtx};
use crate::request::RequestSpec;

/// What is measured; every kind is a percentage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricKind {
    Cpu,
    Memory,
    GpuCore,
    GpuMemory,
}

impl MetricKind {
    pub const ALL: [MetricKind; 4] = [
        MetricKind::Cpu,
        MetricKind::Memory,
        MetricKind::GpuCore,
        MetricKind::GpuMemory,
    ];

    /// The `MetricType` PAI-DSW names it by.
    pub fn metric_type(self) -> &'static str {
        match self {
            MetricKind::Cpu => "CpuCoreUsage",
            MetricKind::Memory => "MemoryUsage",
            MetricKind::GpuCore => "GpuCoreUsage",
            MetricKind::GpuMemory => "GpuMemoryUsage",
        }
    }

    /// Stable identifier (message keys, URL query values).
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Cpu => "cpu",
            MetricKind::Memory => "memory",
            MetricKind::GpuCore => "gpu",
            MetricKind::GpuMemory => "gpu-memory",
        }
    }

    /// Only GPU instances have it.
    pub fn needs_gpu(self) -> bool {
        matches!(self, MetricKind::GpuCore | MetricKind::GpuMemory)
    }
}

/// The window a chart shows, ending now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricRange {
    Hour,
    SixHours,
    Day,
}

impl MetricRange {
    pub const ALL: [MetricRange; 3] = [MetricRange::Hour, MetricRange::SixHours, MetricRange::Day];

    /// Stable identifier: `1h`, `6h`, `24h`.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricRange::Hour => "1h",
            MetricRange::SixHours => "6h",
            MetricRange::Day => "24h",
        }
    }

    pub fn span_ms(self) -> Millis {
        match self {
            MetricRange::Hour => 3_600_000,
            MetricRange::SixHours => 6 * 3_600_000,
            MetricRange::Day => 24 * 3_600_000,
        }
    }

    /// `TimeStep` (minutes, as `1m`) and its length: 60, 72 and 96 points.
    pub fn step(self) -> (&'static str, Millis) {
        match self {
            MetricRange::Hour => ("1m", 60_000),
            MetricRange::SixHours => ("5m", 300_000),
            MetricRange::Day => ("15m", 900_000),
        }
    }

    /// `(start, end)` for a window ending at `now`, in whole seconds: the
    /// request names its times to the second, so the window the chart
    /// draws is exactly the one asked for.
    pub fn window(self, now: Millis) -> (Millis, Millis) {
        let end = now - now.rem_euclid(1000);
        (end - self.span_ms(), end)
    }
}

/// One line of a chart: `(time, value)` points in time order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    /// Where the points come from (PAI-DSW: the pod id).
    pub label: String,
    pub points: Vec<(Millis, f64)>,
}

impl Series {
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The highest value, if any.
    pub fn max(&self) -> Option<f64> {
        self.points.iter().map(|p| p.1).reduce(f64::max)
    }

    /// The series of several as one (an instance's pods follow each other
    /// when it restarts): every point in time order, and at an instant
    /// several report, the highest value.
    pub fn merge(all: &[Series]) -> Series {
        let mut points: Vec<(Millis, f64)> =
            all.iter().flat_map(|s| s.points.iter().copied()).collect();
        points.sort_by_key(|p| p.0);
        points.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = kept.1.max(later.1);
            }
            same
        });
        Series {
            label: String::new(),
            points,
        }
    }

    /// Only the points in `start..=end`: a provider may answer with a
    /// point on a step boundary just outside the window asked for, and a
    /// chart of the window has no room for it.
    pub fn within(mut self, (start, end): (Millis, Millis)) -> Series {
        self.points.retain(|p| (start..=end).contains(&p.0));
        self
    }
}

impl ProviderKind {
    /// The request for `kind` over `range` ending at `now`; `None` where the
    /// provider has no metrics (see [`crate::Capabilities::has_metrics`]).
    pub fn metrics_request(
        self,
        ctx: &EndpointCtx,
        id: &str,
        kind: MetricKind,
        range: MetricRange,
        now: Millis,
    ) -> Option<RequestSpec> {
        match self {
            ProviderKind::PaiDsw => {
                let (start, end) = range.window(now);
                let step = range.step().0;
                Some(pai_dsw::request::metrics(
                    ctx,
                    id,
                    kind.metric_type(),
                    start,
                    end,
                    step,
                ))
            }
            ProviderKind::ModelArts | ProviderKind::Scnet => None,
        }
    }
}

/// The answer to a [`ProviderKind::metrics_request`]: one series per pod
/// (see [`Series::merge`] for one line per instance). Points whose time or
/// value cannot be read are left out.
pub fn decode_metrics(http_status: u16, body: &str) -> Result<Vec<Series>, ApiError> {
    pai_dsw::metrics::decode(http_status, body)
}

/// Whether the instance idled over the whole window: every CPU point below
/// `cpu_threshold` and, for a GPU instance (`gpu` given), every GPU point
/// below `gpu_threshold`, as PAI-DSW's idle culler counts it. An empty
/// series says nothing: not idle.
pub fn is_idle(cpu: &Series, gpu: Option<&Series>, cpu_threshold: f64, gpu_threshold: f64) -> bool {
    let below = |s: &Series, t: f64| !s.is_empty() && s.points.iter().all(|p| p.1 < t);
    below(cpu, cpu_threshold) && gpu.is_none_or(|g| below(g, gpu_threshold))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[f64]) -> Series {
        Series {
            label: "p".into(),
            points: values
                .iter()
                .enumerate()
                .map(|(i, v)| (i as i64 * 60_000, *v))
                .collect(),
        }
    }

    #[test]
    fn request_as_documented() {
        // "PAI-DSW API 2022-01-01: GetInstanceMetrics": GET
        // /api/v2/instance/{InstanceId}/metrics, MetricType, StartTime,
        // EndTime (ISO-8601), TimeStep in minutes (`15m`).
        let now = crate::time::parse_datetime("2020-11-08T15:00:00Z", 0).unwrap();
        let spec = ProviderKind::PaiDsw
            .metrics_request(
                &EndpointCtx::default(),
                "dsw-730xxxxxxxxxx",
                MetricKind::GpuCore,
                MetricRange::Day,
                now,
            )
            .unwrap();
        assert_eq!(
            spec.path_and_query(),
            "/api/v2/instance/dsw-730xxxxxxxxxx/metrics?MetricType=GpuCoreUsage&StartTime=2020-11-07T15%3A00%3A00Z&EndTime=2020-11-08T15%3A00%3A00Z&TimeStep=15m"
        );
        assert!(ProviderKind::ModelArts
            .metrics_request(
                &EndpointCtx::default(),
                "x",
                MetricKind::Cpu,
                MetricRange::Hour,
                now
            )
            .is_none());
        for range in MetricRange::ALL {
            assert!(range.span_ms() / range.step().1 <= 100);
        }
    }

    #[test]
    fn idle_over_the_whole_window() {
        // The idle culler's documented example: CPU 20 %, GPU 10 %.
        let cpu = series(&[3.0, 19.9, 5.0]);
        assert!(is_idle(&cpu, None, 20.0, 10.0));
        assert!(is_idle(&cpu, Some(&series(&[0.0, 9.0])), 20.0, 10.0));
        assert!(!is_idle(&cpu, Some(&series(&[0.0, 10.0])), 20.0, 10.0));
        assert!(!is_idle(&series(&[3.0, 25.0]), None, 20.0, 10.0));
        assert!(!is_idle(&series(&[]), None, 20.0, 10.0));
        assert!(!is_idle(&cpu, Some(&series(&[])), 20.0, 10.0));
    }

    #[test]
    fn the_window_is_the_one_asked_for_and_keeps_only_its_points() {
        // A click half a second into a minute: the request names whole
        // seconds, and so does the window.
        let asked = crate::time::parse_datetime("2020-11-08T15:00:00Z", 0).unwrap();
        let (start, end) = MetricRange::Hour.window(asked + 500);
        assert_eq!((start, end), (asked - 3_600_000, asked));
        let spec = ProviderKind::PaiDsw
            .metrics_request(
                &EndpointCtx::default(),
                "d",
                MetricKind::Cpu,
                MetricRange::Hour,
                asked + 500,
            )
            .unwrap();
        assert!(spec
            .path_and_query()
            .contains("StartTime=2020-11-08T14%3A00%3A00Z&EndTime=2020-11-08T15%3A00%3A00Z"));
        // A point a second before the start and one after the end go; the
        // ends themselves stay.
        let s = Series {
            label: "p".into(),
            points: vec![
                (start - 1_000, 1.0),
                (start, 2.0),
                (end, 3.0),
                (end + 1, 4.0),
            ],
        };
        assert_eq!(s.within((start, end)).points, [(start, 2.0), (end, 3.0)]);
    }

    #[test]
    fn pods_merge_in_time_order() {
        let a = Series {
            label: "a".into(),
            points: vec![(1, 1.0), (3, 5.0)],
        };
        let b = Series {
            label: "b".into(),
            points: vec![(2, 2.0), (3, 7.0)],
        };
        assert_eq!(
            Series::merge(&[a, b]).points,
            [(1, 1.0), (2, 2.0), (3, 7.0)]
        );
    }
}

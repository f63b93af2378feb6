//! Line-chart geometry, so the UI only draws: SVG path data per series,
//! ticks on both axes, and the points nearest a pointer. Coordinates are
//! in the plot area (`0..width` left to right, `0..height` top to bottom);
//! the UI adds margins and labels (times in its own locale and zone).

use crate::metrics::Series;
use crate::model::Millis;

/// How the top of the value axis is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YMax {
    /// 0–100 (a percentage), higher only if a value is.
    Percent,
    /// A round number above the highest value.
    Auto,
}

/// A laid-out chart.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartLayout {
    /// SVG path `d` per series (empty for an empty series); a gap of more
    /// than three steps breaks the line.
    pub paths: Vec<String>,
    /// `(time, x)`.
    pub x_ticks: Vec<(Millis, f64)>,
    /// `(value, y)`.
    pub y_ticks: Vec<(f64, f64)>,
    /// Each series' points as `(x, y)`.
    pub points: Vec<Vec<(f64, f64)>>,
    /// The value axis' top.
    pub y_max: f64,
}

/// Lays `series` out over the window `start..end` in a `width` × `height`
/// plot area.
pub fn layout(
    series: &[Series],
    (start, end): (Millis, Millis),
    width: f64,
    height: f64,
    y: YMax,
) -> ChartLayout {
    let span = (end - start).max(1) as f64;
    let top = series.iter().filter_map(Series::max).fold(0.0, f64::max);
    let y_max = match y {
        YMax::Percent if top <= 100.0 => 100.0,
        _ => nice_ceiling(top),
    };
    let x_of = |t: Millis| (t - start) as f64 / span * width;
    let y_of = |v: f64| height - v.clamp(0.0, y_max) / y_max * height;
    let points: Vec<Vec<(f64, f64)>> = series
        .iter()
        .map(|s| s.points.iter().map(|&(t, v)| (x_of(t), y_of(v))).collect())
        .collect();
    let paths = series
        .iter()
        .zip(&points)
        .map(|(s, p)| path(s, p))
        .collect();
    let y_step = y_max / 4.0;
    let y_ticks = (0..=4)
        .map(|i| (i as f64 * y_step, y_of(i as f64 * y_step)))
        .collect();
    let x_step = X_STEPS
        .iter()
        .copied()
        .find(|s| (end - start) / s < 6)
        .unwrap_or(86_400_000);
    let first = start.div_euclid(x_step) * x_step
        + if start.rem_euclid(x_step) == 0 {
            0
        } else {
            x_step
        };
    let x_ticks = (0..)
        .map(|i| first + i * x_step)
        .take_while(|t| *t <= end)
        .map(|t| (t, x_of(t)))
        .collect();
    ChartLayout {
        paths,
        x_ticks,
        y_ticks,
        points,
        y_max,
    }
}

/// Tick spacings: 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h; 1 day.
const X_STEPS: [Millis; 10] = [
    300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
    86_400_000,
];

/// 1, 2 or 5 times a power of ten, at least `v` (and at least 1).
fn nice_ceiling(v: f64) -> f64 {
    if v.is_nan() || v <= 1.0 {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * p)
        .find(|c| *c >= v)
        .unwrap_or(10.0 * p)
}

fn path(s: &Series, p: &[(f64, f64)]) -> String {
    let step = s
        .points
        .windows(2)
        .map(|w| w[1].0 - w[0].0)
        .filter(|d| *d > 0)
        .min();
    let mut d = String::new();
    for (i, (x, y)) in p.iter().enumerate() {
        let gap = i > 0 && step.is_some_and(|st| s.points[i].0 - s.points[i - 1].0 > 3 * st);
        let cmd = if i == 0 || gap { 'M' } else { 'L' };
        if !d.is_empty() {
            d.push(' ');
        }
        d.push_str(&format!("{cmd}{x:.1} {y:.1}"));
    }
    d
}

impl ChartLayout {
    /// For a pointer at `x`: in each series, the point nearest in time, as
    /// `(series, point index, x, y)`; series without points are left out.
    pub fn nearest(&self, x: f64) -> Vec<(usize, usize, f64, f64)> {
        self.points
            .iter()
            .enumerate()
            .filter_map(|(s, p)| {
                let (i, &(px, py)) = p
                    .iter()
                    .enumerate()
                    .min_by(|a, b| (a.1 .0 - x).abs().total_cmp(&(b.1 .0 - x).abs()))?;
                Some((s, i, px, py))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Millis = 60_000;

    #[test]
    fn geometry() {
        let s = Series {
            label: "pod".into(),
            points: vec![(0, 0.0), (MIN, 50.0), (2 * MIN, 100.0), (10 * MIN, 25.0)],
        };
        let l = layout(
            &[s, Series::default()],
            (0, 60 * MIN),
            600.0,
            100.0,
            YMax::Percent,
        );
        assert_eq!(l.paths[0], "M0.0 100.0 L10.0 50.0 L20.0 0.0 M100.0 75.0");
        assert_eq!(l.paths[1], "");
        assert_eq!(l.y_ticks[2], (50.0, 50.0));
        // One hour: a tick every 15 minutes, both ends included.
        let xs: Vec<_> = l.x_ticks.iter().map(|t| t.0 / MIN).collect();
        assert_eq!(xs, [0, 15, 30, 45, 60]);
        assert_eq!(l.nearest(14.0), [(0, 1, 10.0, 50.0)]);
        let auto = layout(
            &[Series {
                label: String::new(),
                points: vec![(0, 130.0)],
            }],
            (0, MIN),
            10.0,
            10.0,
            YMax::Percent,
        );
        assert_eq!(auto.y_max, 200.0);
    }
}

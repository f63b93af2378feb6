//! Counters for `/metrics`, in the Prometheus text format: requests by
//! endpoint, route class and status; upstream latency; token renewals;
//! refusals.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds (seconds) of the upstream latency histogram.
const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    /// Cumulative counts per bucket of [`LATENCY_BUCKETS`].
    buckets: Vec<u64>,
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        if self.buckets.is_empty() {
            self.buckets = vec![0; LATENCY_BUCKETS.len()];
        }
        for (bucket, bound) in self.buckets.iter_mut().zip(LATENCY_BUCKETS) {
            if seconds <= *bound {
                *bucket += 1;
            }
        }
        self.count += 1;
        self.sum += seconds;
    }
}

#[derive(Debug, Default)]
struct Counters {
    /// (endpoint, class, status) → count
    requests: BTreeMap<(String, &'static str, u16), u64>,
    /// endpoint → latency
    upstream: BTreeMap<String, Histogram>,
    /// (endpoint, code) → count
    denials: BTreeMap<(String, &'static str), u64>,
}

/// Token fetch counts of one endpoint, read when rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenCounts {
    pub endpoint: String,
    pub renewals: u64,
    pub failures: u64,
}

/// The gateway's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    counters: Mutex<Counters>,
}

impl Metrics {
    fn with<T>(&self, f: impl FnOnce(&mut Counters) -> T) -> T {
        match self.counters.lock() {
            Ok(mut counters) => f(&mut counters),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// A request under `/proxy/` (or a refused one) answered with `status`.
    /// `endpoint` is `-` for unknown prefixes.
    pub fn request(&self, endpoint: &str, class: &'static str, status: u16) {
        self.with(|counters| {
            *counters
                .requests
                .entry((endpoint.to_string(), class, status))
                .or_default() += 1;
        });
    }

    /// One upstream exchange took `elapsed`.
    pub fn upstream(&self, endpoint: &str, elapsed: Duration) {
        self.with(|counters| {
            counters
                .upstream
                .entry(endpoint.to_string())
                .or_default()
                .observe(elapsed.as_secs_f64());
        });
    }

    /// A request was refused with the gateway error `code`.
    pub fn denial(&self, endpoint: &str, code: &'static str) {
        self.with(|counters| {
            *counters
                .denials
                .entry((endpoint.to_string(), code))
                .or_default() += 1;
        });
    }

    /// The Prometheus text exposition.
    pub fn render(&self, tokens: &[TokenCounts], in_flight: usize) -> String {
        let counters = self.with(|counters| {
            (
                counters.requests.clone(),
                counters.upstream.clone(),
                counters.denials.clone(),
            )
        });
        let (requests, upstream, denials) = counters;
        let mut out = String::new();
        out.push_str("# HELP devenv_gateway_requests_total Requests under /proxy/ by endpoint, route class and answer status.\n");
        out.push_str("# TYPE devenv_gateway_requests_total counter\n");
        for ((endpoint, class, status), count) in &requests {
            let _ = writeln!(
                out,
                "devenv_gateway_requests_total{{endpoint=\"{}\",class=\"{class}\",status=\"{status}\"}} {count}",
                escape(endpoint)
            );
        }
        out.push_str("# HELP devenv_gateway_upstream_duration_seconds Time from sending a request to the provider to its full answer.\n");
        out.push_str("# TYPE devenv_gateway_upstream_duration_seconds histogram\n");
        for (endpoint, histogram) in &upstream {
            let endpoint = escape(endpoint);
            for (bound, count) in LATENCY_BUCKETS.iter().zip(&histogram.buckets) {
                let _ = writeln!(
                    out,
                    "devenv_gateway_upstream_duration_seconds_bucket{{endpoint=\"{endpoint}\",le=\"{bound}\"}} {count}"
                );
            }
            let _ = writeln!(
                out,
                "devenv_gateway_upstream_duration_seconds_bucket{{endpoint=\"{endpoint}\",le=\"+Inf\"}} {}",
                histogram.count
            );
            let _ = writeln!(
                out,
                "devenv_gateway_upstream_duration_seconds_sum{{endpoint=\"{endpoint}\"}} {}",
                histogram.sum
            );
            let _ = writeln!(
                out,
                "devenv_gateway_upstream_duration_seconds_count{{endpoint=\"{endpoint}\"}} {}",
                histogram.count
            );
        }
        out.push_str("# HELP devenv_gateway_token_renewals_total Upstream token fetches (IAM, SCNet) by result.\n");
        out.push_str("# TYPE devenv_gateway_token_renewals_total counter\n");
        for token in tokens {
            let endpoint = escape(&token.endpoint);
            let _ = writeln!(
                out,
                "devenv_gateway_token_renewals_total{{endpoint=\"{endpoint}\",result=\"ok\"}} {}",
                token.renewals
            );
            let _ = writeln!(
                out,
                "devenv_gateway_token_renewals_total{{endpoint=\"{endpoint}\",result=\"error\"}} {}",
                token.failures
            );
        }
        out.push_str("# HELP devenv_gateway_denials_total Requests the gateway refused (not authenticated, not allowed, cross-site, wrong host …) by endpoint and code.\n");
        out.push_str("# TYPE devenv_gateway_denials_total counter\n");
        for ((endpoint, code), count) in &denials {
            let _ = writeln!(
                out,
                "devenv_gateway_denials_total{{endpoint=\"{}\",code=\"{code}\"}} {count}",
                escape(endpoint)
            );
        }
        out.push_str(
            "# HELP devenv_gateway_in_flight_requests Requests under /proxy/ being handled now.\n",
        );
        out.push_str("# TYPE devenv_gateway_in_flight_requests gauge\n");
        let _ = writeln!(out, "devenv_gateway_in_flight_requests {in_flight}");
        out
    }
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histogram() {
        let metrics = Metrics::default();
        metrics.request("modelarts", "read", 200);
        metrics.request("modelarts", "read", 200);
        metrics.denial("modelarts", "Gateway.Forbidden");
        metrics.upstream("modelarts", Duration::from_millis(30));
        let text = metrics.render(
            &[TokenCounts {
                endpoint: "scnet".into(),
                renewals: 2,
                failures: 1,
            }],
            3,
        );
        assert!(text.contains(
            "devenv_gateway_requests_total{endpoint=\"modelarts\",class=\"read\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "devenv_gateway_upstream_duration_seconds_bucket{endpoint=\"modelarts\",le=\"0.025\"} 0"
        ));
        assert!(text.contains(
            "devenv_gateway_upstream_duration_seconds_bucket{endpoint=\"modelarts\",le=\"0.05\"} 1"
        ));
        assert!(text
            .contains("devenv_gateway_upstream_duration_seconds_count{endpoint=\"modelarts\"} 1"));
        assert!(text
            .contains("devenv_gateway_token_renewals_total{endpoint=\"scnet\",result=\"ok\"} 2"));
        assert!(text.contains(
            "devenv_gateway_denials_total{endpoint=\"modelarts\",code=\"Gateway.Forbidden\"} 1"
        ));
        assert!(text.contains("devenv_gateway_in_flight_requests 3"));
        assert_eq!(escape("a\"b\\c"), "a\\\"b\\\\c");
    }
}

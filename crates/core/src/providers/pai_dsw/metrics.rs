//! PAI-DSW GetInstanceMetrics: `PodMetrics[]` of `{PodId, Metrics[]}`, each
//! point `{Time, Value}`, both strings (epoch milliseconds; a percentage)
//! → one [`Series`] per pod.

use super::answer;
use crate::error::ApiError;
use crate::json::{self, opt_list, Reader};
use crate::metrics::Series;
use crate::providers::lenient::{read_f64, read_string};

#[derive(Debug, Default)]
struct Point {
    time: Option<String>,
    value: Option<f64>,
}

#[derive(Debug, Default)]
struct Pod {
    pod_id: Option<String>,
    metrics: Option<Vec<Point>>,
}

fn read_point(r: &mut Reader<'_>) -> Result<Point, json::Error> {
    json::read_fields!(r, Point {
        "Time" => time: read_string,
        "Value" => value: read_f64,
    })
}

fn read_pod(r: &mut Reader<'_>) -> Result<Pod, json::Error> {
    json::read_fields!(r, Pod {
        "PodId" => pod_id: read_string,
        "Metrics" => metrics: |r| opt_list(r, read_point),
    })
}

/// A point's time: epoch milliseconds (as documented), or RFC 3339.
fn time(t: &str) -> Option<crate::model::Millis> {
    crate::time::parse_epoch_millis(t).or_else(|| crate::time::parse_datetime(t, 0))
}

/// The answer, one series per pod, points in time order.
pub fn decode(http_status: u16, body: &str) -> Result<Vec<Series>, ApiError> {
    #[derive(Default)]
    struct Answer {
        pods: Option<Vec<Pod>>,
    }
    let a = answer(
        http_status,
        body,
        "metrics",
        |r| json::read_fields!(r, Answer { "PodMetrics" => pods: |r| opt_list(r, read_pod) }),
    )?;
    Ok(a.pods
        .unwrap_or_default()
        .into_iter()
        .map(|pod| {
            let mut points: Vec<_> = pod
                .metrics
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| Some((time(p.time.as_deref()?)?, p.value?)))
                .collect();
            points.sort_by_key(|p| p.0);
            Series {
                label: pod.pod_id.unwrap_or_default(),
                points,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_as_documented() {
        // GetInstanceMetricsResponseBody as the Alibaba Cloud SDKs document
        // it: Time "1669107528450", Value "4.536552540058814".
        let body = r#"{"RequestId":"E7D55162-4489-1619-AAF5-3F97D5FCA948","Success":true,"Code":"null",
            "Message":"\"XXX\"","HttpStatusCode":200,"InstanceId":"dsw-730xxxxxxxxxx",
            "PodMetrics":[{"PodId":"dsw-15870-695f44c5bc-hd6xm","Metrics":[
              {"Time":"1669107588450","Value":"5"},
              {"Time":"1669107528450","Value":"4.536552540058814"},
              {"Time":"soon","Value":"1"},{"Time":"1669107648450","Value":"NaN"},{"Value":"2"}]},
              {"PodId":"second","Metrics":null}]}"#;
        let series = decode(200, body).unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].label, "dsw-15870-695f44c5bc-hd6xm");
        assert_eq!(
            series[0].points,
            [
                (1_669_107_528_450, 4.536552540058814),
                (1_669_107_588_450, 5.0)
            ]
        );
        assert!(series[1].is_empty());
        assert!(decode(
            200,
            r#"{"Success":false,"Code":"InternalError","Message":"x"}"#
        )
        .is_err());
    }
}

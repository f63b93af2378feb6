//! PAI-DSW auto-stop: the shutdown timer (`InstanceShutdownTimer`, a stop
//! at `DueTime`) and the idle culler (`IdleInstanceCuller`, a stop after
//! `MaxIdleTimeInMinutes` below the CPU/GPU thresholds) as one neutral
//! [`AutoStop`]; the Get answers of both.

use super::{answer, item, wire};
use crate::error::ApiError;
use crate::model::{AutoStop, IdleStop};
use crate::time::parse_datetime;

/// The timer and the culler as one [`AutoStop`]; `None` when neither says
/// anything (a timer without `DueTime` or `RemainingTimeInMs`, a culler
/// without thresholds or limit).
pub fn auto_stop(
    timer: Option<&wire::InstanceShutdownTimer>,
    culler: Option<&wire::IdleInstanceCuller>,
) -> Option<AutoStop> {
    let stop_at = timer.and_then(|t| t.due_time.as_deref().and_then(|d| parse_datetime(d, 0)));
    let remaining_secs = timer
        .and_then(|t| t.remaining_time_in_ms)
        .map(|ms| ms / 1000);
    let idle = culler.map(idle_stop).filter(|i| {
        i.cpu_percent.is_some() || i.gpu_percent.is_some() || i.max_idle_minutes.is_some()
    });
    let timer_set = stop_at.is_some() || remaining_secs.is_some();
    (timer_set || idle.is_some()).then_some(AutoStop {
        enabled: true,
        duration_secs: None,
        stop_at,
        remaining_secs,
        idle,
    })
}

fn idle_stop(c: &wire::IdleInstanceCuller) -> IdleStop {
    let n = |v: Option<i64>| v.and_then(|v| u32::try_from(v).ok());
    IdleStop {
        cpu_percent: n(c.cpu_percent_threshold),
        gpu_percent: n(c.gpu_percent_threshold),
        max_idle_minutes: n(c.max_idle_time_in_minutes),
        idle_minutes: n(c.idle_time_in_minutes),
    }
}

/// The GetInstanceShutdownTimer answer (`DueTime`, `RemainingTimeInMs` at
/// the top level); `enabled` is false when no timer is set.
pub fn decode_timer(http_status: u16, body: &str) -> Result<AutoStop, ApiError> {
    let timer = answer(
        http_status,
        body,
        "shutdown timer",
        item::read_shutdown_timer,
    )?;
    Ok(auto_stop(Some(&timer), None).unwrap_or_default())
}

/// The GetIdleInstanceCuller answer (the culler's fields at the top level).
pub fn decode_culler(http_status: u16, body: &str) -> Result<IdleStop, ApiError> {
    let culler = answer(http_status, body, "idle culler", item::read_idle_culler)?;
    Ok(idle_stop(&culler))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_answers_as_documented() {
        // "PAI-DSW API 2022-01-01: GetIdleInstanceCuller", response example.
        let culler = decode_culler(
            200,
            r#"{"RequestId":"E7D55162-4489-1619-AAF5-3F97D5FCA948","Success":true,"Message":"XXX",
            "Code":"ValidationError","InstanceId":"dsw-730xxxxxxxxxx","CpuPercentThreshold":20,
            "GpuPercentThreshold":10,"MaxIdleTimeInMinutes":60,"IdleTimeInMinutes":30}"#,
        )
        .unwrap();
        assert_eq!(
            culler,
            IdleStop {
                cpu_percent: Some(20),
                gpu_percent: Some(10),
                max_idle_minutes: Some(60),
                idle_minutes: Some(30)
            }
        );
        // GetInstanceShutdownTimer: DueTime and RemainingTimeInMs.
        let timer = decode_timer(
            200,
            r#"{"RequestId":"r","Success":true,"InstanceId":"dsw-730xxxxxxxxxx","DueTime":"2021-01-12T14:36:01Z",
            "RemainingTimeInMs":3600000,"GmtCreateTime":"2021-01-12T14:36:01Z","GmtModifiedTime":"2021-01-12T14:36:01Z"}"#,
        )
        .unwrap();
        assert_eq!(timer.stop_at, Some(1_610_462_161_000));
        assert_eq!(timer.remaining_secs, Some(3600));
        assert!(timer.has_timer());
        assert!(
            !decode_timer(200, r#"{"Success":true,"InstanceId":"x"}"#)
                .unwrap()
                .enabled
        );
    }
}

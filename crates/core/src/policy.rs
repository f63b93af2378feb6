//! Setting and clearing auto-stop policies (PAI-DSW shutdown timer and idle
//! culler): the forms' checks as [`FieldError`]s, and the ordered requests
//! that set a policy. DSW keeps one policy of each kind per instance, so
//! setting one where one exists deletes the old one first; the UI sends the
//! requests in order and stops at the first failure. Which providers have
//! them: [`crate::Capabilities`]. ModelArts' `auto_stop` is edited with the
//! instance (its edit form).
//!
//! Field names are the request body's (`DueTime`, `RemainingTimeInMs`,
//! `CpuPercentThreshold`, `GpuPercentThreshold`, `MaxIdleTimeInMinutes`);
//! message keys are those of [`crate::validate`], plus `validation.future`
//! (a time that has passed) and `validation.unsupported` (the provider has
//! no such policy; field empty).

use crate::error::ApiError;
use crate::model::{AutoStop, IdleStop, Instance, Millis, ProviderKind};
use crate::providers::{pai_dsw, EndpointCtx};
use crate::request::{Method, RequestSpec};
use crate::validate::{self, FieldError};
use serde_json::json;

/// The longest timer set "after N minutes": 30 days. PAI-DSW documents no
/// limit; this one is the console's.
pub const TIMER_MAX_MINUTES: i64 = 30 * 24 * 60;
/// The longest idle time: 7 days. PAI-DSW documents no limit for
/// `MaxIdleTimeInMinutes`; this one is the console's.
pub const IDLE_MAX_MINUTES: i64 = 7 * 24 * 60;

/// When a shutdown timer stops the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimerSetting {
    /// At a time (`DueTime`); `None` when the field is empty or unreadable.
    At(Option<Millis>),
    /// After as many minutes as typed (`RemainingTimeInMs`).
    AfterMinutes(String),
}

/// The idle culler's form, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IdleForm {
    pub cpu_percent: String,
    /// Sent only for a GPU instance.
    pub gpu_percent: String,
    pub max_idle_minutes: String,
}

/// The document's example policy: CPU 20 %, GPU 10 %, 60 minutes.
const EXAMPLE_IDLE: IdleStop = IdleStop {
    cpu_percent: Some(20),
    gpu_percent: Some(10),
    max_idle_minutes: Some(60),
    idle_minutes: None,
};

/// The CPU and GPU percentages under which the instance counts as idle:
/// its idle policy's, else (or with no instance) the document's example's.
pub fn idle_thresholds(instance: Option<&Instance>) -> (u32, u32) {
    let idle = instance
        .and_then(|i| i.auto_stop.as_ref())
        .and_then(|a| a.idle.as_ref());
    let or_example = |v: Option<u32>, example: Option<u32>| v.or(example).unwrap_or_default();
    (
        or_example(idle.and_then(|p| p.cpu_percent), EXAMPLE_IDLE.cpu_percent),
        or_example(idle.and_then(|p| p.gpu_percent), EXAMPLE_IDLE.gpu_percent),
    )
}

impl IdleForm {
    /// The form for an instance: its current policy, else the document's
    /// example (CPU 20 %, GPU 10 %, 60 minutes).
    pub fn for_instance(instance: &Instance) -> Self {
        let idle = instance.auto_stop.as_ref().and_then(|a| a.idle.clone());
        let p = idle.unwrap_or(EXAMPLE_IDLE);
        let text = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        IdleForm {
            cpu_percent: text(p.cpu_percent),
            gpu_percent: text(p.gpu_percent),
            max_idle_minutes: text(p.max_idle_minutes),
        }
    }
}

/// Field names (the request body's).
pub const DUE_TIME: &str = "DueTime";
pub const REMAINING: &str = "RemainingTimeInMs";
pub const CPU_PERCENT: &str = "CpuPercentThreshold";
pub const GPU_PERCENT: &str = "GpuPercentThreshold";
pub const MAX_IDLE: &str = "MaxIdleTimeInMinutes";

fn whole(field: &str, text: &str, min: i64, max: i64, unit: &str) -> Result<i64, FieldError> {
    validate::required(field, text)?;
    let n = validate::integer(field, text)?;
    validate::range(field, n, min, Some(max), unit)?;
    Ok(n)
}

/// The CreateInstanceShutdownTimer body: `DueTime` (RFC 3339, after `now`)
/// or `RemainingTimeInMs` (1 minute to [`TIMER_MAX_MINUTES`]).
pub fn timer_body(
    setting: &TimerSetting,
    now: Millis,
) -> Result<serde_json::Value, Vec<FieldError>> {
    match setting {
        TimerSetting::At(None) => Err(vec![FieldError::new(DUE_TIME, "validation.required")]),
        TimerSetting::At(Some(at)) if *at <= now => {
            Err(vec![FieldError::new(DUE_TIME, "validation.future")])
        }
        TimerSetting::At(Some(at)) => Ok(json!({ DUE_TIME: crate::time::format_rfc3339(*at) })),
        TimerSetting::AfterMinutes(text) => {
            let minutes =
                whole(REMAINING, text, 1, TIMER_MAX_MINUTES, "min").map_err(|e| vec![e])?;
            Ok(json!({ REMAINING: minutes * 60_000 }))
        }
    }
}

/// The CreateIdleInstanceCuller body: thresholds 1–100 %, the GPU one only
/// for a GPU instance (idle = every measured use below its threshold), and
/// 1 to [`IDLE_MAX_MINUTES`] minutes.
pub fn idle_body(form: &IdleForm, gpu: bool) -> Result<serde_json::Value, Vec<FieldError>> {
    let cpu = whole(CPU_PERCENT, &form.cpu_percent, 1, 100, "%");
    let gpu_percent = gpu.then(|| whole(GPU_PERCENT, &form.gpu_percent, 1, 100, "%"));
    let minutes = whole(MAX_IDLE, &form.max_idle_minutes, 1, IDLE_MAX_MINUTES, "min");
    let errors: Vec<FieldError> = [
        cpu.as_ref().err(),
        gpu_percent.as_ref().and_then(|g| g.as_ref().err()),
        minutes.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut body =
        json!({ CPU_PERCENT: cpu.unwrap_or_default(), MAX_IDLE: minutes.unwrap_or_default() });
    if let Some(Ok(g)) = gpu_percent {
        body[GPU_PERCENT] = json!(g);
    }
    Ok(body)
}

fn unsupported() -> Vec<FieldError> {
    vec![FieldError::new("", "validation.unsupported")]
}

fn gpu_instance(instance: &Instance) -> bool {
    matches!(
        instance.hardware.accelerator_kind,
        crate::AcceleratorKind::Gpu
    )
}

impl ProviderKind {
    /// The requests that set `instance`'s shutdown timer, in order: the
    /// old timer's delete if it has one, then the create.
    pub fn set_shutdown_timer(
        self,
        ctx: &EndpointCtx,
        instance: &Instance,
        setting: &TimerSetting,
        now: Millis,
    ) -> Result<Vec<RequestSpec>, Vec<FieldError>> {
        let _ = ctx;
        if !self.capabilities().supports_shutdown_timer {
            return Err(unsupported());
        }
        let body = timer_body(setting, now)?;
        let id = &instance.id;
        let had = instance.auto_stop.as_ref().is_some_and(AutoStop::has_timer);
        let delete = had.then(|| pai_dsw::request::shutdown_timer(id, Method::Delete, None));
        Ok(delete
            .into_iter()
            .chain([pai_dsw::request::shutdown_timer(
                id,
                Method::Post,
                Some(body),
            )])
            .collect())
    }

    /// The requests that set `instance`'s idle culler, in order: the old
    /// policy's delete if it has one (DSW allows one), then the create.
    pub fn set_idle_culler(
        self,
        ctx: &EndpointCtx,
        instance: &Instance,
        form: &IdleForm,
    ) -> Result<Vec<RequestSpec>, Vec<FieldError>> {
        let _ = ctx;
        if !self.capabilities().supports_idle_culler {
            return Err(unsupported());
        }
        let body = idle_body(form, gpu_instance(instance))?;
        let id = &instance.id;
        let had = instance
            .auto_stop
            .as_ref()
            .is_some_and(|a| a.idle.is_some());
        let delete = had.then(|| pai_dsw::request::idle_culler(id, Method::Delete, None));
        Ok(delete
            .into_iter()
            .chain([pai_dsw::request::idle_culler(id, Method::Post, Some(body))])
            .collect())
    }

    /// `GET` (read) or `DELETE` (clear) of the shutdown timer; `None` where
    /// the provider has none, or for another method.
    pub fn shutdown_timer_request(
        self,
        _ctx: &EndpointCtx,
        id: &str,
        method: Method,
    ) -> Option<RequestSpec> {
        (self.capabilities().supports_shutdown_timer
            && matches!(method, Method::Get | Method::Delete))
        .then(|| pai_dsw::request::shutdown_timer(id, method, None))
    }

    /// `GET` (read) or `DELETE` (clear) of the idle culler; `None` where the
    /// provider has none, or for another method.
    pub fn idle_culler_request(
        self,
        _ctx: &EndpointCtx,
        id: &str,
        method: Method,
    ) -> Option<RequestSpec> {
        (self.capabilities().supports_idle_culler && matches!(method, Method::Get | Method::Delete))
            .then(|| pai_dsw::request::idle_culler(id, method, None))
    }
}

/// The answer to a shutdown timer `GET` (`enabled` false when none is set).
pub fn decode_shutdown_timer(http_status: u16, body: &str) -> Result<AutoStop, ApiError> {
    pai_dsw::policy::decode_timer(http_status, body)
}

/// The answer to an idle culler `GET`.
pub fn decode_idle_culler(http_status: u16, body: &str) -> Result<IdleStop, ApiError> {
    pai_dsw::policy::decode_culler(http_status, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A DSW instance as the ListInstances example prints it: a GPU
    /// (`"GPU": "4"`) instance with a timer and the idle culler 20/10/60.
    fn documented() -> Instance {
        let text = include_str!("../fixtures/pai_dsw_list_response.json");
        let page = ProviderKind::PaiDsw
            .decode_list(&EndpointCtx::default(), 0, 200, text)
            .unwrap();
        page.instances.into_iter().next().unwrap()
    }

    #[test]
    fn idle_thresholds_are_the_policy_s_else_the_document_s_example() {
        let mut i = documented();
        assert_eq!(idle_thresholds(None), (20, 10));
        let idle = &mut i.auto_stop.as_mut().unwrap().idle;
        *idle = Some(IdleStop {
            cpu_percent: Some(35),
            gpu_percent: None,
            max_idle_minutes: Some(30),
            idle_minutes: None,
        });
        assert_eq!(idle_thresholds(Some(&i)), (35, 10));
        i.auto_stop = None;
        assert_eq!(idle_thresholds(Some(&i)), (20, 10));
    }

    #[test]
    fn the_documented_instance_has_both_policies() {
        let i = documented();
        let a = i.auto_stop.as_ref().unwrap();
        assert_eq!(a.stop_at, Some(1_610_462_161_000));
        assert_eq!(a.remaining_secs, Some(3600));
        assert_eq!(a.idle.as_ref().unwrap().max_idle_minutes, Some(60));
        assert!(i.has_auto_stop());
        let form = IdleForm::for_instance(&i);
        assert_eq!(
            (
                form.cpu_percent.as_str(),
                form.gpu_percent.as_str(),
                form.max_idle_minutes.as_str()
            ),
            ("20", "10", "60")
        );
    }

    #[test]
    fn setting_a_policy_replaces_the_old_one() {
        let i = documented();
        let ctx = EndpointCtx::default();
        let form = IdleForm {
            cpu_percent: "20".into(),
            gpu_percent: "10".into(),
            max_idle_minutes: "60".into(),
        };
        let steps = ProviderKind::PaiDsw
            .set_idle_culler(&ctx, &i, &form)
            .unwrap();
        let shown: Vec<_> = steps
            .iter()
            .map(|s| (s.method, s.path_and_query()))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    Method::Delete,
                    "/api/v2/instances/dsw-730xxxxxxxxxx/idleinstanceculler".to_string()
                ),
                (
                    Method::Post,
                    "/api/v2/instances/dsw-730xxxxxxxxxx/idleinstanceculler".to_string()
                ),
            ]
        );
        assert_eq!(
            steps[1].body_json(),
            Some(
                json!({"CpuPercentThreshold": 20, "GpuPercentThreshold": 10, "MaxIdleTimeInMinutes": 60})
            )
        );
        let mut fresh = i.clone();
        fresh.auto_stop = None;
        let now = 1_610_462_161_000;
        let steps = ProviderKind::PaiDsw
            .set_shutdown_timer(&ctx, &fresh, &TimerSetting::At(Some(now + 3_600_000)), now)
            .unwrap();
        assert_eq!(steps.len(), 1);
        assert_eq!(
            steps[0].path,
            "/api/v2/instances/dsw-730xxxxxxxxxx/shutdowntimer"
        );
        assert_eq!(
            steps[0].body_json(),
            Some(json!({"DueTime": "2021-01-12T15:36:01Z"}))
        );
        let after = ProviderKind::PaiDsw
            .set_shutdown_timer(&ctx, &i, &TimerSetting::AfterMinutes("60".into()), now)
            .unwrap();
        assert_eq!(after[0].method, Method::Delete);
        assert_eq!(
            after[1].body_json(),
            Some(json!({"RemainingTimeInMs": 3_600_000}))
        );
        assert!(ProviderKind::ModelArts
            .set_idle_culler(&ctx, &i, &form)
            .is_err());
    }

    #[test]
    fn limits() {
        let now = 1_000_000;
        let key = |r: Result<serde_json::Value, Vec<FieldError>>| r.unwrap_err()[0].key.clone();
        assert_eq!(
            key(timer_body(&TimerSetting::At(Some(now)), now)),
            "validation.future"
        );
        assert_eq!(
            key(timer_body(&TimerSetting::At(None), now)),
            "validation.required"
        );
        assert_eq!(
            key(timer_body(&TimerSetting::AfterMinutes("0".into()), now)),
            "validation.range"
        );
        assert_eq!(
            key(timer_body(&TimerSetting::AfterMinutes("1.5".into()), now)),
            "validation.integer"
        );
        let form = |c: &str, g: &str, m: &str| IdleForm {
            cpu_percent: c.into(),
            gpu_percent: g.into(),
            max_idle_minutes: m.into(),
        };
        let errors = idle_body(&form("0", "101", "0"), true).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, [CPU_PERCENT, GPU_PERCENT, MAX_IDLE]);
        assert_eq!(errors[0].param("max"), Some("100"));
        // A CPU instance sends no GPU threshold, whatever was typed.
        assert_eq!(
            idle_body(&form("100", "x", "1"), false).unwrap(),
            json!({"CpuPercentThreshold": 100, "MaxIdleTimeInMinutes": 1})
        );
        assert!(idle_body(&form("1", "1", "10081"), true).is_err());
    }
}

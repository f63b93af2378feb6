//! A glance at the whole fleet: the accelerators running instances hold,
//! by model across providers, and how many run without any auto-stop.

use crate::model::{AcceleratorKind, Instance, StatusClass};

/// `(model, cards)` held by running GPU and NPU instances, most first (then
/// by name). Models are named as the providers name them, a leading
/// `NVIDIA ` dropped so `NVIDIA A10` and `A10` count together; an instance
/// without a model counts as `GPU` or `NPU`, without a count as one card.
pub fn accelerators_in_use<'a>(
    instances: impl IntoIterator<Item = &'a Instance>,
) -> Vec<(String, u32)> {
    let mut counts: Vec<(String, u32)> = Vec::new();
    for i in instances {
        let h = &i.hardware;
        let kind = match h.accelerator_kind {
            AcceleratorKind::Gpu => "GPU",
            AcceleratorKind::Npu => "NPU",
            _ => continue,
        };
        if i.status_class != StatusClass::Running || h.accelerators == Some(0) {
            continue;
        }
        let model = h
            .accelerator_model
            .as_deref()
            .map(str::trim)
            .unwrap_or_default();
        let model = match model.get(..7) {
            Some(p) if p.eq_ignore_ascii_case("nvidia ") => model[7..].trim(),
            _ => model,
        };
        let label = if model.is_empty() { kind } else { model };
        let n = h.accelerators.unwrap_or(1);
        match counts.iter_mut().find(|c| c.0 == label) {
            Some(c) => c.1 = c.1.saturating_add(n),
            None => counts.push((label.to_string(), n)),
        }
    }
    // Core's one stable sort, so that a page using this brings no copy of
    // the standard library's sort of its own.
    let order = crate::order::sorted_indices(counts.len(), &|a, b| {
        let (a, b) = (&counts[a], &counts[b]);
        b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
    });
    order.into_iter().map(|i| counts[i].clone()).collect()
}

/// Whether the instance runs without any auto-stop.
pub fn runs_without_auto_stop(instance: &Instance) -> bool {
    instance.status_class == StatusClass::Running && !instance.has_auto_stop()
}

/// How many instances run without any auto-stop.
pub fn running_without_auto_stop<'a>(instances: impl IntoIterator<Item = &'a Instance>) -> usize {
    instances
        .into_iter()
        .filter(|i| runs_without_auto_stop(i))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ProviderKind;
    use crate::providers::EndpointCtx;

    #[test]
    fn documented_instances() {
        let ctx = EndpointCtx::default();
        // ListInstances example: Running, GPU "4" of "NVIDIA A10", a timer.
        let dsw = ProviderKind::PaiDsw
            .decode_list(
                &ctx,
                0,
                200,
                include_str!("../fixtures/pai_dsw_list_response.json"),
            )
            .unwrap()
            .instances;
        // The ModelArts create example (Ascend 910, one NPU), made running.
        let mut ma = crate::providers::modelarts::parse_instance(
            &ctx,
            include_str!("../fixtures/modelarts_create_response.json"),
            200,
        )
        .unwrap();
        ma.status = "RUNNING".into();
        ma.status_class = StatusClass::Running;
        let mut a10 = dsw[0].clone();
        a10.hardware.accelerator_model = Some("A10".into());
        a10.auto_stop = None;
        let all = [dsw[0].clone(), ma.clone(), a10];
        assert_eq!(
            accelerators_in_use(&all),
            [("A10".to_string(), 8), ("Ascend 910".to_string(), 1)]
        );
        // The ModelArts example has `auto_stop.enable: true`.
        assert!(ma.has_auto_stop());
        assert_eq!(running_without_auto_stop(&all), 1);
    }
}

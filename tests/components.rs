//! Component tests in a real headless Chromium (`cargo xtask test` runs them
//! with wasm-bindgen-test-runner and Debian's chromedriver). Natively they are
//! listed as ignored: they need a browser.

use devenv_console::app::{AppCtx, ThemePref};
use devenv_console::components::actions::InstanceActions;
use devenv_console::components::breakable_text::breakable;
use devenv_console::components::error_banner::ErrorBanner;
use devenv_console::components::instance_table::{pick_all, InstanceTable, Picked};
use devenv_console::components::status_badge::StatusBadge;
use devenv_console::i18n::Locale;
use devenv_console::router::provide_router;
use devenv_console::store::Store;
use devenv_core::access::{Access, Role};
use devenv_core::{ApiError, ErrorKind, Instance, ProviderKind, StatusClass};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn context(locale: Locale) -> AppCtx {
    context_with(locale, Vec::new())
}

/// A context whose endpoints have the given gateway access.
fn context_with(locale: Locale, access: Vec<(String, Access)>) -> AppCtx {
    let config =
        devenv_console::config::parse("config.json", include_str!("../public/config.json"))
            .expect("shipped config parses");
    AppCtx {
        store: Store::new(&config),
        config: Arc::new(config),
        locale: RwSignal::new(locale),
        theme: RwSignal::new(ThemePref::System),
        clock: RwSignal::new(1_600_000_000_000.0),
        toasts: devenv_console::components::toast::Toasts::new(),
        access: RwSignal::new(access),
        user: RwSignal::new(None),
        sign_in: RwSignal::new(None),
    }
}

/// Mounts `view` with the app context into a fresh element and returns it.
fn mount<V: IntoView + 'static>(
    locale: Locale,
    view: impl FnOnce() -> V + 'static,
) -> web_sys::HtmlElement {
    mount_in(context(locale), view)
}

fn mount_in<V: IntoView + 'static>(
    ctx: AppCtx,
    view: impl FnOnce() -> V + 'static,
) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        provide_context(ctx);
        view()
    });
    handle.forget();
    host
}

/// Mounts the instance table with `rows` and the selection `picked`.
fn mount_table(rows: Vec<Arc<Instance>>, picked: Picked) -> web_sys::HtmlElement {
    mount(Locale::En, move || {
        provide_router(String::new(), |_| {});
        view! {
            <InstanceTable
                rows=Signal::derive(move || rows.clone())
                caption=Signal::derive(|| "Instances".to_string())
                picked
            />
        }
    })
}

fn seed_instances() -> Vec<Instance> {
    let ctx = devenv_core::EndpointCtx {
        endpoint_id: "ma-bj4".into(),
        project_id: Some("p".into()),
        workspace_id: None,
    };
    ProviderKind::ModelArts
        .decode_list(
            &ctx,
            0,
            200,
            include_str!("../crates/core/fixtures/modelarts_list_response.json"),
        )
        .expect("seed 000 decodes")
        .instances
}

#[wasm_bindgen_test(unsupported = test)]
#[cfg_attr(
    not(target_family = "wasm"),
    ignore = "renders in headless Chromium: run `cargo xtask test`"
)]
fn status_badge_shows_the_class_and_the_providers_word() {
    let host = mount(Locale::En, || {
        view! { <StatusBadge class=StatusClass::Transitional status="CREATING".to_string()/> }
    });
    let badge = host.query_selector(".badge").unwrap().expect("a badge");
    assert_eq!(
        badge.get_attribute("data-status-class").as_deref(),
        Some("transitional")
    );
    assert!(badge.class_name().contains("badge-transitional"));
    let text = badge.text_content().unwrap_or_default();
    assert!(text.contains("In progress"), "{text}");
    assert!(text.contains("CREATING"), "{text}");
}

#[wasm_bindgen_test(unsupported = test)]
#[cfg_attr(
    not(target_family = "wasm"),
    ignore = "renders in headless Chromium: run `cargo xtask test`"
)]
fn status_badge_speaks_chinese() {
    let host = mount(Locale::ZhCn, || {
        view! { <StatusBadge class=StatusClass::Stopped status="STOPPED".to_string()/> }
    });
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("已停止"), "{text}");
    assert!(text.contains("STOPPED"), "{text}");
}

#[wasm_bindgen_test(unsupported = test)]
#[cfg_attr(
    not(target_family = "wasm"),
    ignore = "renders in headless Chromium: run `cargo xtask test`"
)]
fn error_banner_names_provider_code_message_and_retries() {
    let retried = RwSignal::new(0);
    let error = ApiError {
        provider: ProviderKind::ModelArts,
        kind: ErrorKind::Provider,
        http_status: Some(404),
        code: Some("ModelArts.6309".into()),
        message: "The instance does not exist.".into(),
        request_id: Some("req-1".into()),
    };
    let host = mount(Locale::En, move || {
        view! {
            <ErrorBanner
                label="ModelArts · cn-north-4".to_string()
                error
                on_retry=Callback::new(move |_| retried.update(|n| *n += 1))
            />
        }
    });
    let banner = host
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    let text = banner.text_content().unwrap_or_default();
    for expected in [
        "ModelArts · cn-north-4",
        "ModelArts.6309",
        "The instance does not exist.",
        "req-1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    let button: web_sys::HtmlElement = banner
        .query_selector("button")
        .unwrap()
        .expect("a retry button")
        .unchecked_into();
    assert!(button.text_content().unwrap_or_default().contains("Retry"));
    button.click();
    assert_eq!(retried.get_untracked(), 1);
}

#[wasm_bindgen_test(unsupported = test)]
#[cfg_attr(
    not(target_family = "wasm"),
    ignore = "renders in headless Chromium: run `cargo xtask test`"
)]
fn instance_table_renders_seed_rows_and_hostile_names_as_text() {
    let mut rows = seed_instances();
    let mut hostile = rows[0].clone();
    hostile.id = "DE-hostile".into();
    hostile.name = "<img src=x onerror=alert(1)>".into();
    rows.push(hostile);
    let host = mount_table(
        rows.into_iter().map(Arc::new).collect(),
        RwSignal::new(Arc::new(Vec::new())),
    );
    let body_rows = host.query_selector_all("tbody tr").unwrap();
    assert_eq!(body_rows.length(), 3);
    // A checkbox per row, named by the instance's name.
    let boxes = host
        .query_selector_all("tbody input[type=checkbox]")
        .unwrap();
    assert_eq!(boxes.length(), 3);
    assert!(host
        .query_selector("tbody input[type=checkbox][aria-label=\"notebook-c6fd\"]")
        .unwrap()
        .is_some());
    let text = host.text_content().unwrap_or_default();
    assert!(text.contains("notebook-c6fd"));
    assert!(text.contains("8 vCPU · 1 × v100NV32 · 64GiB"), "{text}");
    assert!(
        text.contains("<img src=x onerror=alert(1)>"),
        "the hostile name shows as text"
    );
    assert!(
        host.query_selector("tbody img").unwrap().is_none(),
        "no element was made from the name"
    );
    let link = host
        .query_selector("a.instance-link")
        .unwrap()
        .expect("a detail link");
    assert!(link
        .get_attribute("href")
        .unwrap_or_default()
        .ends_with("/instances/ma-bj4/DE-7d558ef8-c73d-11ea-964c-0255ac100033"));
}

#[wasm_bindgen_test(unsupported = test)]
#[cfg_attr(
    not(target_family = "wasm"),
    ignore = "renders in headless Chromium: run `cargo xtask test`"
)]
fn picking_many_keeps_one_of_each_and_the_header_box_follows() {
    let seed = seed_instances();
    let fleet: Vec<Arc<Instance>> = (0..3000)
        .map(|n| {
            let mut i = seed[n % seed.len()].clone();
            i.id = format!("DE-fleet-{n}");
            i.name = format!("fleet-{n}");
            Arc::new(i)
        })
        .collect();
    let picked: Picked = RwSignal::new(Arc::new(Vec::new()));
    let ids = move || picked.with_untracked(|p| p.iter().map(|i| i.id.clone()).collect::<Vec<_>>());
    // Two overlapping "select all matching": each instance once, in order.
    pick_all(picked, &fleet[..2000], true);
    pick_all(picked, &fleet[1000..], true);
    let want: Vec<String> = (0..3000).map(|n| format!("DE-fleet-{n}")).collect();
    assert_eq!(ids(), want);
    // The same id on another endpoint is another instance.
    let mut elsewhere = (*fleet[0]).clone();
    elsewhere.endpoint_id = "dsw-sh".into();
    pick_all(picked, &[Arc::new(elsewhere)], true);
    assert_eq!(picked.with_untracked(|p| p.len()), 3001);
    // Dropping a range drops exactly it; the anchor stays the last picked.
    pick_all(picked, &fleet[500..2500], false);
    let left = ids();
    assert_eq!(left.len(), 1001);
    assert_eq!(left[499], "DE-fleet-499");
    assert_eq!(left[500], "DE-fleet-2500");
    assert_eq!(
        picked.with_untracked(|p| p.last().map(|i| i.endpoint_id.clone())),
        Some("dsw-sh".to_string())
    );
    // A page whose rows are all picked checks its header box; a page of
    // which some are, shows it half checked.
    let header_of = |rows: Vec<Arc<Instance>>| {
        mount_table(rows, picked)
            .query_selector("thead input[type=checkbox]")
            .unwrap()
            .expect("a header checkbox")
            .unchecked_into::<web_sys::HtmlInputElement>()
    };
    let page = |from: usize| fleet[from..from + 3].to_vec();
    let all_picked = header_of(page(0));
    assert!(all_picked.checked() && !all_picked.indeterminate());
    let some_picked = header_of(page(498));
    assert!(!some_picked.checked() && some_picked.indeterminate());
    let none_picked = header_of(page(1000));
    assert!(!none_picked.checked() && !none_picked.indeterminate());
}

#[wasm_bindgen_test(unsupported = test)]
#[cfg_attr(
    not(target_family = "wasm"),
    ignore = "renders in headless Chromium: run `cargo xtask test`"
)]
fn breakable_text_wraps_after_separators_copies_exactly_and_stays_text() {
    let image = "swr.cn-north-4/atelier/img:1.0.0";
    let hostile = "<b>bold</b>-name";
    let host = mount(Locale::En, move || {
        view! {
            <code use:breakable=image.to_string()></code>
            <p use:breakable=hostile.to_string()></p>
        }
    });
    // The markup, without the empty placeholder the view puts in an element
    // that has no children of its own.
    let markup = |el: &web_sys::Element| el.inner_html().replace("<!---->", "");
    let code = host.query_selector("code").unwrap().unwrap();
    assert_eq!(
        markup(&code),
        "swr.<wbr>cn-<wbr>north-<wbr>4/<wbr>atelier/<wbr>img:<wbr>1.0.0"
    );
    assert_eq!(code.text_content().unwrap_or_default(), image);
    // A view built again over the same element writes its text afresh.
    breakable(code.clone(), "DE-7d558ef8".into());
    assert_eq!(markup(&code), "DE-<wbr>7d558ef8");
    let p = host.query_selector("p").unwrap().unwrap();
    assert_eq!(p.text_content().unwrap_or_default(), hostile);
    assert!(
        p.query_selector("b").unwrap().is_none(),
        "no element was made from the text"
    );
}

#[wasm_bindgen_test(unsupported = test)]
#[cfg_attr(
    not(target_family = "wasm"),
    ignore = "renders in headless Chromium: run `cargo xtask test`"
)]
fn actions_follow_the_gateway_role() {
    // A stopped instance: ModelArts offers Start and Delete.
    let stopped = seed_instances()
        .into_iter()
        .find(|i| i.status == "STOPPED")
        .expect("a stopped seed instance");
    let labels = |access: Access| {
        let instance = Arc::new(stopped.clone());
        let ctx = context_with(Locale::En, vec![("ma-bj4".into(), access)]);
        let host = mount_in(ctx, move || view! { <InstanceActions instance/> });
        let buttons = host.query_selector_all("button").unwrap();
        (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .map(|b| b.text_content().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(Access::Unrestricted), ["Start", "Delete"]);
    assert_eq!(labels(Access::Role(Role::Admin)), ["Start", "Delete"]);
    assert_eq!(labels(Access::Role(Role::Operator)), ["Start"]);
    assert!(labels(Access::Role(Role::Viewer)).is_empty());
    assert!(labels(Access::None).is_empty());
}

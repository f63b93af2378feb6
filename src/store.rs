//! The instance store shared by every page: each endpoint's last list, its
//! error, and its refresh schedule; plus the loader that follows a provider's
//! paging to the end.

use crate::config::{Config, Endpoint};
use crate::fetch::{self, RequestScope};
use crate::refresh;
use devenv_core::paging::Gathered;
use devenv_core::{ApiError, Instance};
use leptos::prelude::*;
use std::sync::Arc;

/// One endpoint's list as the console last saw it.
#[derive(Debug, Clone)]
pub struct EndpointList {
    pub endpoint_id: String,
    pub instances: Arc<Vec<Arc<Instance>>>,
    pub error: Option<ApiError>,
    /// At least one complete answer arrived.
    pub loaded: bool,
    pub in_flight: bool,
    pub errors_in_a_row: u32,
    /// How many requests the whole list took last time (1 until known).
    pub pages: u32,
    /// `Date.now()` at which the next refresh is due.
    pub next_due_ms: f64,
    pub updated_ms: Option<f64>,
}

/// Shared, reactive store of every endpoint's instances.
#[derive(Clone, Copy)]
pub struct Store {
    pub lists: RwSignal<Vec<EndpointList>>,
    /// Every endpoint's instances, merged in config order.
    pub all: RwSignal<Arc<Vec<Arc<Instance>>>>,
}

/// Whether the page's tab is hidden (refreshes wait until it shows).
pub fn tab_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .map(|d| d.hidden())
        .unwrap_or(false)
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Anchors a provider-computed "seconds left" (auto-stop) to the moment
/// the answer arrived, so the countdown runs from what the provider said
/// rather than from a stop time its clock may have written long ago.
fn anchor_countdown(i: &mut Instance, now: f64) {
    if let Some(left) = i.auto_stop.as_ref().and_then(|a| a.remaining_secs) {
        anchor_one(i, left, now);
    }
}

/// Whether `fresh` says what `shown` already does. A countdown whose stop
/// lands within two seconds of the shown one is the same countdown (the
/// provider's "seconds left" has only moved on): `fresh` takes the shown one.
fn unchanged(shown: &Instance, fresh: &mut Instance) -> bool {
    if let (Some(a), Some(b)) = (&shown.auto_stop, &fresh.auto_stop) {
        let same_stop = match (a.stop_at, b.stop_at) {
            (Some(x), Some(y)) => (x - y).abs() <= 2000,
            (x, y) => x == y,
        };
        if same_stop
            && a.enabled == b.enabled
            && a.duration_secs == b.duration_secs
            && a.idle == b.idle
        {
            fresh.auto_stop = shown.auto_stop.clone();
        }
    }
    shown == fresh
}

fn anchor_one(i: &mut Instance, left: i64, now: f64) {
    if let Some(a) = i.auto_stop.as_mut() {
        a.stop_at = Some(now as i64 + left.max(0) * 1000);
    }
}

impl Store {
    /// A store with no endpoints yet ([`Store::track`] adds them).
    pub fn empty() -> Self {
        Store {
            lists: RwSignal::new(Vec::new()),
            all: RwSignal::new(Arc::new(Vec::new())),
        }
    }

    pub fn new(config: &Config) -> Self {
        let store = Self::empty();
        store.track(config);
        store
    }

    /// One empty list for each of the config's endpoints.
    pub fn track(&self, config: &Config) {
        let lists = config
            .endpoints
            .iter()
            .map(|e| EndpointList {
                endpoint_id: e.id.clone(),
                instances: Arc::new(Vec::new()),
                error: None,
                loaded: false,
                in_flight: false,
                errors_in_a_row: 0,
                pages: 1,
                next_due_ms: 0.0,
                updated_ms: None,
            })
            .collect();
        self.lists.set(lists);
    }

    /// Starts the refresh of every endpoint of `config` that is due and not
    /// already refreshing, unless the tab is hidden; `force`: every one not
    /// refreshing, due or not, hidden or not. Whether it started any.
    pub fn refresh_due(self, config: &Config, scope: &RequestScope, force: bool) -> bool {
        if tab_hidden() && !force {
            return false;
        }
        let now = now_ms();
        let mut started = false;
        for endpoint in config.endpoints.iter() {
            let due = self.lists.with_untracked(|ls| {
                ls.iter()
                    .find(|l| l.endpoint_id == endpoint.id)
                    .is_some_and(|l| !l.in_flight && (force || l.next_due_ms <= now))
            });
            if due {
                started = true;
                fetch::start_now(self.refresh(
                    endpoint.clone(),
                    config.refresh_seconds,
                    scope.clone(),
                ));
            }
        }
        started
    }

    /// Whether the list has its first rows, or every endpoint has answered
    /// (or failed) without any.
    pub fn first_rows(&self) -> bool {
        self.lists.with(|lists| {
            lists.iter().any(|l| !l.instances.is_empty())
                || lists.iter().all(|l| l.loaded || l.error.is_some())
        })
    }

    fn rebuild_all(&self) {
        let merged: Vec<Arc<Instance>> = self.lists.with_untracked(|lists| {
            lists
                .iter()
                .flat_map(|l| l.instances.iter().cloned())
                .collect()
        });
        self.all.set(Arc::new(merged));
    }

    fn update(&self, endpoint_id: &str, f: impl FnOnce(&mut EndpointList)) {
        self.lists.update(|lists| {
            if let Some(l) = lists.iter_mut().find(|l| l.endpoint_id == endpoint_id) {
                f(l);
            }
        });
    }

    /// Marks a refresh as started; `false` if one is already running.
    fn begin(&self, endpoint_id: &str) -> bool {
        let mut started = false;
        self.update(endpoint_id, |l| {
            if !l.in_flight {
                l.in_flight = true;
                started = true;
            }
        });
        started
    }

    /// Whether every endpoint has answered at least once (or failed).
    pub fn settled(&self) -> bool {
        self.lists
            .with(|lists| lists.iter().all(|l| l.loaded || l.error.is_some()))
    }

    /// Replaces one instance (after a detail load or an action).
    pub fn upsert(&self, mut instance: Instance) {
        if let Some(left) = instance.auto_stop.as_ref().and_then(|a| a.remaining_secs) {
            anchor_one(&mut instance, left, now_ms());
        }
        let mut changed = false;
        self.update(&instance.endpoint_id.clone(), |l| {
            let mut v = (*l.instances).clone();
            let instance = Arc::new(instance);
            match v.iter_mut().find(|i| i.id == instance.id) {
                Some(slot) => *slot = instance,
                None => v.insert(0, instance),
            }
            l.instances = Arc::new(v);
            changed = true;
        });
        if changed {
            self.rebuild_all();
        }
    }

    /// Shows an accepted action's pending status at once; the endpoint is
    /// refreshed soon after.
    pub fn set_status(
        &self,
        endpoint_id: &str,
        id: &str,
        status: &str,
        class: devenv_core::StatusClass,
    ) {
        self.set_statuses(endpoint_id, &[id.to_string()], status, class);
        self.due_now(endpoint_id);
    }

    /// Shows the pending status of an action the provider took for each of
    /// `ids` of one endpoint, in one pass over its list.
    pub fn set_statuses(
        &self,
        endpoint_id: &str,
        ids: &[String],
        status: &str,
        class: devenv_core::StatusClass,
    ) {
        let mut taken: Gathered<&String> = Gathered::new(|id| ("", id.as_str()));
        for id in ids {
            taken.add(id);
        }
        // The status began now (not at the provider's last update).
        let now = now_ms() as i64;
        self.update(endpoint_id, |l| {
            let v = l
                .instances
                .iter()
                .map(|i| {
                    if taken.get(("", &i.id)).is_none() {
                        return i.clone();
                    }
                    let mut changed = (**i).clone();
                    changed.status = status.to_string();
                    changed.status_class = class;
                    changed.updated = Some(now);
                    Arc::new(changed)
                })
                .collect();
            l.instances = Arc::new(v);
        });
        self.rebuild_all();
    }

    /// Forgets a deleted instance.
    pub fn remove(&self, endpoint_id: &str, id: &str) {
        self.update(endpoint_id, |l| {
            let v: Vec<Arc<Instance>> =
                l.instances.iter().filter(|i| i.id != id).cloned().collect();
            l.instances = Arc::new(v);
        });
        self.rebuild_all();
    }

    /// Makes an endpoint due for refresh now (retry button, after actions).
    pub fn due_now(&self, endpoint_id: &str) {
        self.update(endpoint_id, |l| l.next_due_ms = 0.0);
    }

    /// Refreshes one endpoint unless a refresh of it is already running:
    /// follows the provider's paging to the end. On the first load each page
    /// shows as soon as it arrives.
    pub async fn refresh(self, endpoint: Endpoint, refresh_seconds: u32, scope: RequestScope) {
        if !self.begin(&endpoint.id) {
            return;
        }
        let first_load = self
            .lists
            .with_untracked(|ls| ls.iter().any(|l| l.endpoint_id == endpoint.id && !l.loaded));
        let previous = self.lists.with_untracked(|ls| {
            ls.iter()
                .find(|l| l.endpoint_id == endpoint.id)
                .map(|l| l.instances.clone())
                .unwrap_or_default()
        });
        // A first load shows its first page at once, then what has come
        // at most twice a second: each showing re-sorts and re-filters
        // everything gathered so far.
        let mut shown_at: Option<f64> = None;
        let outcome = load_all(&endpoint, &scope, &previous, |so_far| {
            let now = now_ms();
            let show = first_load && shown_at.is_none_or(|at| now - at >= 500.0);
            if show {
                shown_at = Some(now);
                let partial = Arc::new(so_far.to_vec());
                self.update(&endpoint.id, |l| l.instances = partial);
                self.rebuild_all();
            }
            show
        })
        .await;
        let now = now_ms();
        if scope.is_gone() {
            self.update(&endpoint.id, |l| {
                l.in_flight = false;
                l.next_due_ms = 0.0;
            });
            return;
        }
        let schedule_after = |l: &EndpointList, outcome, moving, pages| {
            refresh::after(
                refresh::Schedule {
                    errors_in_a_row: l.errors_in_a_row,
                    next_due_ms: l.next_due_ms,
                },
                outcome,
                moving,
                pages,
                refresh_seconds,
                now,
            )
        };
        match outcome {
            Ok((instances, pages)) => {
                let moving = instances.iter().any(|i| i.status_class.is_moving());
                self.update(&endpoint.id, |l| {
                    let next = schedule_after(l, refresh::Outcome::Loaded, moving, pages);
                    l.instances = Arc::new(instances);
                    l.pages = pages;
                    l.error = None;
                    l.loaded = true;
                    l.in_flight = false;
                    l.errors_in_a_row = next.errors_in_a_row;
                    l.updated_ms = Some(now);
                    l.next_due_ms = next.next_due_ms;
                });
                self.rebuild_all();
            }
            Err(error) => {
                self.update(&endpoint.id, |l| {
                    let moving = l.instances.iter().any(|i| i.status_class.is_moving());
                    let next = schedule_after(l, refresh::Outcome::Failed, moving, l.pages);
                    l.errors_in_a_row = next.errors_in_a_row;
                    l.error = Some(error);
                    l.in_flight = false;
                    l.next_due_ms = next.next_due_ms;
                });
            }
        }
    }
}

/// The most pages the console follows for one endpoint (a guard against a
/// provider that never says it is done).
const MAX_PAGES: u32 = 1000;

/// Every instance of one endpoint, page after page; an instance that paging
/// hands out twice (offsets shift while instances are created) is kept once.
/// An instance the answer shows unchanged from `previous` (the list as it
/// was) is kept as that same shared value, so a refresh of 10,000 mostly
/// unchanged instances does not hold a second copy of them, and their rows
/// have nothing to redraw. `on_page` hears of every page and says whether
/// it showed what has come so far. With the instances comes how many
/// requests they took.
pub async fn load_all(
    endpoint: &Endpoint,
    scope: &RequestScope,
    previous: &[Arc<Instance>],
    mut on_page: impl FnMut(&[Arc<Instance>]) -> bool,
) -> Result<(Vec<Arc<Instance>>, u32), ApiError> {
    let ctx = endpoint.ctx();
    let provider = endpoint.provider;
    let mut before: Gathered<Arc<Instance>> = Gathered::new(|i| i.key());
    for instance in previous {
        before.add(instance.clone());
    }
    let mut all: Gathered<Arc<Instance>> = Gathered::new(|i| i.key());
    let mut page = 0u32;
    let mut requests = 0u32;
    for _ in 0..MAX_PAGES {
        let spec = provider.list_request(&ctx, page);
        let answer = fetch::send(endpoint, &spec, scope).await?;
        requests += 1;
        let list = answer.stamp(provider.decode_list(&ctx, page, answer.status, &answer.body))?;
        let arrived = now_ms();
        for mut instance in list.instances {
            anchor_countdown(&mut instance, arrived);
            match before.get(instance.key()) {
                Some(shown) if unchanged(shown, &mut instance) => all.add(shown.clone()),
                _ => all.add(Arc::new(instance)),
            }
        }
        // A page just shown is painted before the next one is asked for
        // and read: the browser renders between the two tasks.
        if on_page(all.items()) && list.next_page.is_some() {
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        match list.next_page {
            Some(next) if next > page => page = next,
            _ => break,
        }
    }
    Ok((all.into_items(), requests))
}

#[cfg(test)]
mod tests {
    use super::unchanged;
    use devenv_core::{AutoStop, Hardware, Instance, ProviderKind, RawJson, StatusClass};

    fn counting_down(stop_at: i64, left: i64) -> Instance {
        Instance {
            endpoint_id: "ma".into(),
            provider: ProviderKind::ModelArts,
            id: "DE-1".into(),
            name: "notebook".into(),
            status: "RUNNING".into(),
            status_class: StatusClass::Running,
            hardware: Hardware::default(),
            flavor: None,
            image: None,
            created: Some(1),
            updated: None,
            auto_stop: Some(AutoStop {
                enabled: true,
                duration_secs: Some(3600),
                stop_at: Some(stop_at),
                remaining_secs: Some(left),
                idle: None,
            }),
            queue: None,
            detail: None,
            raw: RawJson::default(),
        }
    }

    #[test]
    fn a_countdown_that_only_moved_on_is_the_shown_one() {
        let shown = counting_down(1_000_000, 100);
        let mut fresh = counting_down(1_001_500, 70);
        assert!(unchanged(&shown, &mut fresh));
        assert_eq!(
            fresh, shown,
            "the refreshed instance keeps the shown countdown"
        );
    }

    #[test]
    fn a_new_status_or_a_moved_stop_is_a_change() {
        let shown = counting_down(1_000_000, 100);
        let mut stopping = counting_down(1_000_000, 100);
        stopping.status = "STOPPING".into();
        assert!(!unchanged(&shown, &mut stopping));
        let mut later = counting_down(1_600_000, 700);
        assert!(!unchanged(&shown, &mut later));
        assert_eq!(later.auto_stop.and_then(|a| a.stop_at), Some(1_600_000));
    }

    #[test]
    fn idle_minutes_that_moved_on_are_a_change() {
        let idle = |minutes| devenv_core::model::IdleStop {
            cpu_percent: Some(10),
            gpu_percent: None,
            max_idle_minutes: Some(60),
            idle_minutes: Some(minutes),
        };
        let mut shown = counting_down(1_000_000, 100);
        shown.auto_stop.as_mut().unwrap().idle = Some(idle(5));
        let mut fresh = shown.clone();
        fresh.auto_stop.as_mut().unwrap().idle = Some(idle(6));
        assert!(
            !unchanged(&shown, &mut fresh),
            "the list shows the new idle minutes"
        );
        assert_eq!(fresh.auto_stop.unwrap().idle.unwrap().idle_minutes, Some(6));
    }
}

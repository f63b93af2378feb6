//! The list page's view of the data: filters, sort and paging, with their
//! round trip through the URL query. Pure: no DOM, tested natively.

use devenv_core::fleet::runs_without_auto_stop;
use devenv_core::num::{fold, fold_char};
use devenv_core::order::sorted_indices;
use devenv_core::{Instance, StatusClass};

/// What the list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Created,
    Name,
    Status,
}

/// Rows per page the user may choose.
pub const PAGE_SIZES: [usize; 3] = [20, 50, 100];
const DEFAULT_PAGE_SIZE: usize = 20;

/// Every view setting of the list, as in the URL query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub endpoint: Option<String>,
    pub class: Option<StatusClass>,
    pub text: String,
    pub sort: SortKey,
    pub descending: bool,
    /// 1-based.
    pub page: usize,
    pub per_page: usize,
    /// Only running instances without any auto-stop (`autostop=none`).
    pub no_auto_stop: bool,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            endpoint: None,
            class: None,
            text: String::new(),
            sort: SortKey::Created,
            descending: true,
            page: 1,
            per_page: DEFAULT_PAGE_SIZE,
            no_auto_stop: false,
        }
    }
}

impl ListQuery {
    /// Reads the URL query; unknown or bad values fall back to defaults.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut q = ListQuery::default();
        for (k, v) in pairs {
            match k {
                "endpoint" if !v.is_empty() => q.endpoint = Some(v.to_string()),
                "status" => q.class = StatusClass::parse(v),
                "q" => q.text = v.chars().take(200).collect(),
                "sort" => {
                    let (desc, key) = match v.strip_prefix('-') {
                        Some(k) => (true, k),
                        None => (false, v),
                    };
                    let key = match key {
                        "created" => Some(SortKey::Created),
                        "name" => Some(SortKey::Name),
                        "status" => Some(SortKey::Status),
                        _ => None,
                    };
                    if let Some(key) = key {
                        q.sort = key;
                        q.descending = desc;
                    }
                }
                "autostop" => q.no_auto_stop = v == "none",
                "page" => q.page = v.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
                "per" => {
                    q.per_page = v
                        .parse()
                        .ok()
                        .filter(|p| PAGE_SIZES.contains(p))
                        .unwrap_or(DEFAULT_PAGE_SIZE)
                }
                _ => {}
            }
        }
        q
    }

    /// The `sort` query value, e.g. `-created`.
    pub fn sort_value(&self) -> String {
        let key = match self.sort {
            SortKey::Created => "created",
            SortKey::Name => "name",
            SortKey::Status => "status",
        };
        if self.descending {
            format!("-{key}")
        } else {
            key.to_string()
        }
    }

    /// The URL query pairs; defaults are left out so links stay short.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let d = ListQuery::default();
        let mut out = Vec::new();
        if let Some(e) = &self.endpoint {
            out.push(("endpoint", e.clone()));
        }
        if let Some(c) = self.class {
            out.push(("status", c.as_str().to_string()));
        }
        if !self.text.is_empty() {
            out.push(("q", self.text.clone()));
        }
        if self.sort != d.sort || self.descending != d.descending {
            out.push(("sort", self.sort_value()));
        }
        if self.no_auto_stop {
            out.push(("autostop", "none".to_string()));
        }
        if self.page != 1 {
            out.push(("page", self.page.to_string()));
        }
        if self.per_page != d.per_page {
            out.push(("per", self.per_page.to_string()));
        }
        out
    }

    pub fn has_filters(&self) -> bool {
        self.endpoint.is_some()
            || self.class.is_some()
            || self.no_auto_stop
            || !self.text.trim().is_empty()
    }
}

/// The visible result of a [`ListQuery`] over all instances.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListView {
    /// Indices into the instance slice, for the current page, in order.
    pub rows: Vec<usize>,
    /// Instances matching every filter.
    pub matching: usize,
    /// Per status class (in `StatusClass::ALL` order), over the instances
    /// matching the endpoint and text filters (not the class filter).
    pub counts: [usize; 7],
    /// Running without any auto-stop, over the same instances as `counts`.
    pub no_auto_stop: usize,
    /// The page shown (clamped to the last page).
    pub page: usize,
    pub pages: usize,
}

fn class_index(c: StatusClass) -> usize {
    StatusClass::ALL.iter().position(|x| *x == c).unwrap_or(6)
}

/// Whether `text`, lowercased, contains `needle` (already lowercase);
/// without allocating where both are ASCII, as names and ids mostly are, so
/// a keystroke over 10,000 instances copies no strings.
fn contains_folded(text: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if text.is_ascii() && needle.is_ascii() {
        let (text, needle) = (text.as_bytes(), needle.as_bytes());
        needle.len() <= text.len()
            && text
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
    } else {
        fold(text).contains(needle)
    }
}

/// Filters, counts, sorts and pages `instances`.
pub fn apply<I: std::borrow::Borrow<Instance>>(instances: &[I], q: &ListQuery) -> ListView {
    let needle = fold(q.text.trim());
    let mut counts = [0usize; 7];
    let mut no_auto_stop = 0;
    let mut matched: Vec<usize> = Vec::new();
    for (i, inst) in instances.iter().enumerate() {
        let inst: &Instance = inst.borrow();
        if q.endpoint.as_deref().is_some_and(|e| e != inst.endpoint_id) {
            continue;
        }
        if !needle.is_empty()
            && !contains_folded(&inst.name, &needle)
            && !contains_folded(&inst.id, &needle)
        {
            continue;
        }
        counts[class_index(inst.status_class)] += 1;
        // Core's one definition of "running without auto-stop".
        let unguarded = runs_without_auto_stop(inst);
        no_auto_stop += usize::from(unguarded);
        if q.class.is_some_and(|c| c != inst.status_class) || (q.no_auto_stop && !unguarded) {
            continue;
        }
        matched.push(i);
    }
    let by_name = |a: &Instance, b: &Instance| {
        let folded = |s: &str| s.chars().map(fold_char).collect::<Vec<_>>();
        let ord = if a.name.is_ascii() && b.name.is_ascii() {
            a.name
                .bytes()
                .map(|c| c.to_ascii_lowercase())
                .cmp(b.name.bytes().map(|c| c.to_ascii_lowercase()))
        } else {
            folded(&a.name).cmp(&folded(&b.name))
        };
        ord.then_with(|| a.id.cmp(&b.id))
    };
    // Core's one stable sort (a `dyn` comparator), not a copy of the
    // standard library's sort compiled for this closure.
    let order = sorted_indices(matched.len(), &|i, j| {
        let (a, b) = (matched[i], matched[j]);
        let (x, y): (&Instance, &Instance) = (instances[a].borrow(), instances[b].borrow());
        let ord = match q.sort {
            SortKey::Created => x.created.cmp(&y.created).then_with(|| by_name(x, y)),
            SortKey::Name => by_name(x, y),
            SortKey::Status => x
                .status_class
                .cmp(&y.status_class)
                .then_with(|| x.status.cmp(&y.status))
                .then_with(|| by_name(x, y)),
        };
        if q.descending {
            ord.reverse()
        } else {
            ord
        }
    });
    let matched: Vec<usize> = order.into_iter().map(|i| matched[i]).collect();
    let matching = matched.len();
    let per = q.per_page.max(1);
    let pages = matching.div_ceil(per).max(1);
    let page = q.page.clamp(1, pages);
    let rows = matched
        .into_iter()
        .skip((page - 1) * per)
        .take(per)
        .collect();
    ListView {
        rows,
        matching,
        counts,
        no_auto_stop,
        page,
        pages,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use devenv_core::{Hardware, ProviderKind};

    fn inst(endpoint: &str, id: &str, name: &str, class: StatusClass, created: i64) -> Instance {
        Instance {
            endpoint_id: endpoint.into(),
            provider: ProviderKind::ModelArts,
            id: id.into(),
            name: name.into(),
            status: class.as_str().to_ascii_uppercase(),
            status_class: class,
            hardware: Hardware::default(),
            flavor: None,
            image: None,
            created: Some(created),
            updated: None,
            auto_stop: None,
            queue: None,
            detail: None,
            raw: devenv_core::RawJson::default(),
        }
    }

    fn sample() -> Vec<Instance> {
        vec![
            inst("a", "DE-1", "beta", StatusClass::Running, 3),
            inst("a", "DE-2", "Alpha", StatusClass::Stopped, 1),
            inst("b", "dsw-3", "gamma", StatusClass::Running, 2),
            inst("b", "dsw-4", "delta", StatusClass::Failed, 4),
        ]
    }

    fn names(all: &[Instance], v: &ListView) -> Vec<String> {
        v.rows.iter().map(|&i| all[i].name.clone()).collect()
    }

    #[test]
    fn default_sort_is_newest_first() {
        let all = sample();
        let v = apply(&all, &ListQuery::default());
        assert_eq!(names(&all, &v), ["delta", "beta", "gamma", "Alpha"]);
        assert_eq!(v.matching, 4);
    }

    #[test]
    fn filters_combine_and_counts_ignore_the_class_filter() {
        let all = sample();
        let q = ListQuery {
            endpoint: Some("b".into()),
            class: Some(StatusClass::Running),
            ..ListQuery::default()
        };
        let v = apply(&all, &q);
        assert_eq!(names(&all, &v), ["gamma"]);
        assert_eq!(v.counts[0], 1); // running in b
        assert_eq!(v.counts[4], 1); // failed in b
        let q = ListQuery {
            text: "DE-".into(),
            sort: SortKey::Name,
            descending: false,
            ..ListQuery::default()
        };
        assert_eq!(names(&all, &apply(&all, &q)), ["Alpha", "beta"]);
    }

    #[test]
    fn search_ignores_case_in_ascii_and_other_scripts() {
        let all = vec![
            inst("a", "DE-1", "Notebook-GPU", StatusClass::Running, 1),
            inst("a", "dsw-2", "训练Ümlaut", StatusClass::Running, 2),
            inst("a", "x", "other", StatusClass::Running, 3),
        ];
        let found = |text: &str| {
            let q = ListQuery {
                text: text.into(),
                ..ListQuery::default()
            };
            let mut n = names(&all, &apply(&all, &q));
            n.sort();
            n
        };
        assert_eq!(found("book-g"), ["Notebook-GPU"]);
        assert_eq!(found("de-1"), ["Notebook-GPU"], "by id, any case");
        assert_eq!(found("训练ü"), ["训练Ümlaut"]);
        assert_eq!(found("ÜMLAUT"), ["训练Ümlaut"]);
        assert!(found("notebook-gpu-longer").is_empty());
        let by_name = ListQuery {
            sort: SortKey::Name,
            descending: false,
            ..ListQuery::default()
        };
        assert_eq!(
            names(&all, &apply(&all, &by_name)),
            ["Notebook-GPU", "other", "训练Ümlaut"]
        );
    }

    #[test]
    fn running_without_auto_stop_filters_and_counts() {
        let mut all = sample();
        // beta runs with a timer, gamma runs without; Alpha and delta do not run.
        all[0].auto_stop = Some(devenv_core::AutoStop {
            enabled: true,
            duration_secs: Some(3600),
            stop_at: None,
            remaining_secs: Some(60),
            idle: None,
        });
        let q = ListQuery {
            no_auto_stop: true,
            ..ListQuery::default()
        };
        let v = apply(&all, &q);
        assert_eq!(names(&all, &v), ["gamma"]);
        assert_eq!((v.matching, v.no_auto_stop), (1, 1));
        let q = ListQuery::from_pairs([("autostop", "none")]);
        assert!(q.no_auto_stop && q.has_filters());
        assert_eq!(apply(&all, &ListQuery::default()).no_auto_stop, 1);
    }

    #[test]
    fn paging_clamps_to_the_last_page() {
        let all: Vec<Instance> = (0..45)
            .map(|i| {
                inst(
                    "a",
                    &format!("id{i}"),
                    &format!("n{i:02}"),
                    StatusClass::Running,
                    i,
                )
            })
            .collect();
        let q = ListQuery {
            page: 9,
            sort: SortKey::Name,
            descending: false,
            ..ListQuery::default()
        };
        let v = apply(&all, &q);
        assert_eq!((v.page, v.pages, v.rows.len()), (3, 3, 5));
        assert_eq!(all[v.rows[0]].name, "n40");
    }

    #[test]
    fn query_round_trips_through_the_url() {
        let q = ListQuery {
            endpoint: Some("dsw-sh".into()),
            class: Some(StatusClass::Stopped),
            text: "note book".into(),
            sort: SortKey::Name,
            descending: false,
            page: 2,
            per_page: 50,
            no_auto_stop: true,
        };
        let pairs = q.to_pairs();
        let back = ListQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        assert!(ListQuery::default().to_pairs().is_empty());
        let bad = ListQuery::from_pairs([
            ("page", "-3"),
            ("per", "7"),
            ("status", "x"),
            ("sort", "zzz"),
        ]);
        assert_eq!(bad, ListQuery::default());
    }
}

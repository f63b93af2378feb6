//! The three providers behind one dispatch on [`ProviderKind`]. Each provider
//! module owns its wire types (`wire`), the mapping to [`Instance`] (`map`),
//! its status table, request builders and error decoding.

pub mod forms;
pub mod lenient;
pub mod modelarts;
pub mod pai_dsw;
pub mod scnet;

use crate::error::ApiError;
use crate::json;
use crate::model::{Action, Instance, ProviderKind, StatusClass};
use crate::request::RequestSpec;

/// What a request needs to know about the endpoint it goes to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EndpointCtx {
    /// The `config.json` endpoint id, copied into every [`Instance`].
    pub endpoint_id: String,
    /// ModelArts project id (path parameter).
    pub project_id: Option<String>,
    /// ModelArts / PAI-DSW workspace id.
    pub workspace_id: Option<String>,
}

/// What a provider offers beyond list, detail, create, edit and the
/// lifecycle actions; the UI shows a feature only where it is `true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Capabilities {
    /// [`ProviderKind::history_requests`] brings events or a lifecycle.
    pub has_history_requests: bool,
    /// [`ProviderKind::metrics_request`] brings resource use over time.
    pub has_metrics: bool,
    /// A stop at a chosen time ([`crate::policy`]).
    pub supports_shutdown_timer: bool,
    /// A stop after idling ([`crate::policy`]).
    pub supports_idle_culler: bool,
    /// Stop may save the environment as an image first
    /// ([`ProviderKind::stop_request`]).
    pub supports_save_image: bool,
    /// Stop and delete of several instances in one request
    /// ([`ProviderKind::batch_request`]).
    pub supports_batch: bool,
}

impl Capabilities {
    /// A stop at a chosen time or after idling: the provider's auto-stop
    /// policies, which the detail page sets in a card of their own.
    pub fn has_auto_stop_policies(&self) -> bool {
        self.supports_shutdown_timer || self.supports_idle_culler
    }
}

/// One page of a provider's list answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ListPage {
    pub instances: Vec<Instance>,
    /// Total the provider reports, if any.
    pub total: Option<u64>,
    /// The page to request next, or `None` at the end.
    pub next_page: Option<u32>,
}

impl ProviderKind {
    /// The response header carrying the provider's request id: ModelArts
    /// `X-Request-Id` (as Huawei's SDKs read it), PAI-DSW `x-acs-request-id`;
    /// SCNet documents none.
    pub fn request_id_header(self) -> Option<&'static str> {
        match self {
            ProviderKind::ModelArts => Some("X-Request-Id"),
            ProviderKind::PaiDsw => Some("x-acs-request-id"),
            ProviderKind::Scnet => None,
        }
    }

    /// The documented page size the console requests.
    pub fn page_size(self) -> u32 {
        match self {
            ProviderKind::ModelArts => modelarts::PAGE_SIZE,
            ProviderKind::PaiDsw => pai_dsw::PAGE_SIZE,
            ProviderKind::Scnet => scnet::PAGE_SIZE,
        }
    }

    /// The list request for 0-based page `page`.
    pub fn list_request(self, ctx: &EndpointCtx, page: u32) -> RequestSpec {
        match self {
            ProviderKind::ModelArts => modelarts::request::list_page(ctx, page),
            ProviderKind::PaiDsw => pai_dsw::request::list_page(ctx, page),
            ProviderKind::Scnet => scnet::request::list_page(ctx, page),
        }
    }

    /// Decodes the answer to `list_request(ctx, page)`.
    pub fn decode_list(
        self,
        ctx: &EndpointCtx,
        page: u32,
        http_status: u16,
        body: &str,
    ) -> Result<ListPage, ApiError> {
        match self {
            ProviderKind::ModelArts => modelarts::decode_list(ctx, page, http_status, body),
            ProviderKind::PaiDsw => pai_dsw::decode_list(ctx, page, http_status, body),
            ProviderKind::Scnet => scnet::decode_list(ctx, page, http_status, body),
        }
    }

    pub fn detail_request(self, ctx: &EndpointCtx, id: &str) -> RequestSpec {
        match self {
            ProviderKind::ModelArts => modelarts::request::detail(ctx, id),
            ProviderKind::PaiDsw => pai_dsw::request::detail(ctx, id),
            ProviderKind::Scnet => scnet::request::detail(ctx, id),
        }
    }

    pub fn decode_detail(
        self,
        ctx: &EndpointCtx,
        http_status: u16,
        body: &str,
    ) -> Result<Instance, ApiError> {
        match self {
            ProviderKind::ModelArts => modelarts::decode_detail(ctx, http_status, body),
            ProviderKind::PaiDsw => pai_dsw::decode_detail(ctx, http_status, body),
            ProviderKind::Scnet => scnet::decode_detail(ctx, http_status, body),
        }
    }

    /// The request for a lifecycle action, or `None` where the provider has none.
    pub fn action_request(
        self,
        ctx: &EndpointCtx,
        id: &str,
        action: Action,
    ) -> Option<RequestSpec> {
        match self {
            ProviderKind::ModelArts => modelarts::request::action(ctx, id, action),
            ProviderKind::PaiDsw => pai_dsw::request::action(ctx, id, action),
            ProviderKind::Scnet => scnet::request::action(ctx, id, action),
        }
    }

    /// Decodes the answer to an action, update or create: `Ok` with the body's
    /// JSON on success, the provider's error otherwise.
    pub fn decode_ack(self, http_status: u16, body: &str) -> Result<serde_json::Value, ApiError> {
        match self {
            ProviderKind::ModelArts => modelarts::decode_ack(http_status, body),
            ProviderKind::PaiDsw => pai_dsw::decode_ack(http_status, body),
            ProviderKind::Scnet => scnet::decode_ack(http_status, body),
        }
    }

    /// Decodes any error answer (any body, any status) into an [`ApiError`].
    pub fn decode_error(self, http_status: u16, body: &str) -> ApiError {
        match self {
            ProviderKind::ModelArts => modelarts::error::decode(http_status, body),
            ProviderKind::PaiDsw => pai_dsw::error::decode(http_status, body),
            ProviderKind::Scnet => scnet::error::decode(http_status, body),
        }
    }

    /// The neutral class of one of this provider's status words.
    pub fn status_class(self, status: &str) -> StatusClass {
        match self {
            ProviderKind::ModelArts => modelarts::status::class(status),
            ProviderKind::PaiDsw => pai_dsw::status::class(status),
            ProviderKind::Scnet => scnet::status::class(status),
        }
    }

    /// The actions the provider allows for an instance in `status`.
    pub fn allowed_actions(self, status: &str) -> Vec<Action> {
        match self {
            ProviderKind::ModelArts => modelarts::status::allowed_actions(status),
            ProviderKind::PaiDsw => pai_dsw::status::allowed_actions(status),
            ProviderKind::Scnet => scnet::status::allowed_actions(status),
        }
    }

    /// The actions the provider allows for this instance: those of its
    /// status, plus leaving the queue where the provider lets it.
    pub fn allowed_actions_for(self, instance: &Instance) -> Vec<Action> {
        let can_leave = instance.queue.as_ref().is_some_and(|q| q.can_leave);
        match self {
            ProviderKind::ModelArts => {
                modelarts::status::allowed_actions_for(&instance.status, can_leave)
            }
            ProviderKind::PaiDsw => pai_dsw::status::allowed_actions(&instance.status),
            ProviderKind::Scnet => scnet::status::allowed_actions(&instance.status),
        }
    }

    /// What the provider offers beyond the basics: PAI-DSW has events and
    /// a lifecycle, metrics, the shutdown timer, the idle culler, stop with
    /// an image saved, and batch stop and delete; the others none of these
    /// (ModelArts' auto-stop is edited with the instance).
    pub const fn capabilities(self) -> Capabilities {
        let dsw = matches!(self, ProviderKind::PaiDsw);
        Capabilities {
            has_history_requests: dsw,
            has_metrics: dsw,
            supports_shutdown_timer: dsw,
            supports_idle_culler: dsw,
            supports_save_image: dsw,
            supports_batch: dsw,
        }
    }

    /// The stop request, saving the environment as an image first when
    /// `save_image` (PAI-DSW `StopInstance?SaveImage=true`); `None` where the
    /// provider cannot stop, or cannot save an image.
    pub fn stop_request(
        self,
        ctx: &EndpointCtx,
        id: &str,
        save_image: bool,
    ) -> Option<RequestSpec> {
        match (self, save_image) {
            (ProviderKind::PaiDsw, true) => Some(pai_dsw::request::stop(ctx, id, Some(true))),
            (_, true) => None,
            (_, false) => self.action_request(ctx, id, Action::Stop),
        }
    }

    /// One request for `action` on several instances of one endpoint
    /// (PAI-DSW StopInstances and DeleteInstances); `None` for other
    /// providers and actions, or no ids: send one request per instance.
    pub fn batch_request(
        self,
        ctx: &EndpointCtx,
        action: Action,
        ids: &[String],
    ) -> Option<RequestSpec> {
        match self {
            ProviderKind::PaiDsw if !ids.is_empty() => pai_dsw::request::batch(ctx, action, ids),
            _ => None,
        }
    }

    /// Decodes the answer to a [`ProviderKind::batch_request`].
    pub fn decode_batch(
        self,
        http_status: u16,
        body: &str,
    ) -> Result<crate::batch::BatchOutcome, ApiError> {
        match self {
            ProviderKind::PaiDsw => pai_dsw::decode_batch(http_status, body),
            _ => Err(ApiError::decode(self, http_status, "no batch operation")),
        }
    }

    /// The status an instance shows at once after `action` was accepted.
    pub fn pending_status(self, action: Action) -> &'static str {
        match self {
            ProviderKind::ModelArts => modelarts::status::pending(action),
            ProviderKind::PaiDsw => pai_dsw::status::pending(action),
            ProviderKind::Scnet => scnet::status::pending(action),
        }
    }
}

/// The next 0-based page after `page` held `count` items, or `None` at the end.
pub(crate) fn next_page(
    page: u32,
    count: usize,
    total: Option<u64>,
    page_size: u32,
) -> Option<u32> {
    if count == 0 {
        return None;
    }
    let seen = u64::from(page) * u64::from(page_size) + count as u64;
    let more = match total {
        Some(total) => seen < total,
        None => count >= page_size as usize,
    };
    more.then(|| page.checked_add(1)).flatten()
}

/// The JSON of a successful answer. A non-2xx answer, or a 2xx one whose body
/// is the provider's error shape, goes to the provider's error decoder; a 2xx
/// body that is not JSON is a decode error.
pub(crate) fn parse_success(
    provider: ProviderKind,
    http_status: u16,
    body: &str,
    decode_error: fn(u16, &str) -> ApiError,
    is_error_body: fn(&serde_json::Value) -> bool,
) -> Result<serde_json::Value, ApiError> {
    if !(200..300).contains(&http_status) {
        return Err(decode_error(http_status, body));
    }
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| not_json(provider, http_status, body, &e))?;
    if is_error_body(&value) {
        return Err(decode_error(http_status, body));
    }
    Ok(value)
}

/// The decode error for an answer that is not JSON, with its start.
fn not_json(
    provider: ProviderKind,
    http_status: u16,
    body: &str,
    e: &dyn std::fmt::Display,
) -> ApiError {
    ApiError::decode(
        provider,
        http_status,
        format!(
            "answer is not JSON ({e}): {}",
            crate::error::body_excerpt(body, 80)
        ),
    )
}

/// The text of a successful answer: a non-2xx answer goes to the provider's
/// error decoder.
pub(crate) fn success_text(
    http_status: u16,
    body: &str,
    decode_error: fn(u16, &str) -> ApiError,
) -> Result<&str, ApiError> {
    if (200..300).contains(&http_status) {
        Ok(body)
    } else {
        Err(decode_error(http_status, body))
    }
}

/// A JSON object's text read straight into `T` by `read` (the providers'
/// list envelopes and instance objects), in one pass: what `read` does not
/// take is skipped as it is read. Text that is not JSON, or JSON that is not
/// an object, is a decode error naming `what`.
pub(crate) fn from_text<T>(
    provider: ProviderKind,
    http_status: u16,
    body: &str,
    what: &str,
    read: fn(&mut json::Reader<'_>) -> Result<T, json::Error>,
) -> Result<T, ApiError> {
    object_text(provider, http_status, body, what)?;
    json::parse(body, read).map_err(|e| not_json(provider, http_status, body, &e))
}

/// `Ok` for a text that starts as a JSON object; otherwise the decode error
/// for JSON that is not an object, or for text that is not JSON.
fn object_text(
    provider: ProviderKind,
    http_status: u16,
    body: &str,
    what: &str,
) -> Result<(), ApiError> {
    if body.trim_start().starts_with('{') {
        return Ok(());
    }
    let mut reader = json::Reader::new(body);
    Err(match reader.skip().and_then(|()| reader.end()) {
        Ok(()) => ApiError::decode(
            provider,
            http_status,
            format!("unexpected {what}: not a JSON object"),
        ),
        Err(e) => not_json(provider, http_status, body, &e),
    })
}

/// [`from_text`] for a type decoded by serde (answers other than the list
/// and the instance).
pub(crate) fn from_text_serde<T: serde::de::DeserializeOwned>(
    provider: ProviderKind,
    http_status: u16,
    body: &str,
    what: &str,
) -> Result<T, ApiError> {
    object_text(provider, http_status, body, what)?;
    serde_json::from_str(body).map_err(|e| {
        if e.is_data() {
            ApiError::decode(provider, http_status, format!("unexpected {what}: {e}"))
        } else {
            not_json(provider, http_status, body, &e)
        }
    })
}

/// One page of a list answer: each item mapped with `map` into a list item
/// (no copy of the provider's object: 10,000 of them are ~13 MB; the detail
/// answer brings it for the JSON view, clone and edit), and the page to ask
/// for next from the reported total (or a full page).
pub(crate) fn list_page<T>(
    ctx: &EndpointCtx,
    page: u32,
    page_size: u32,
    items: Vec<T>,
    total: Option<i64>,
    map: fn(&EndpointCtx, &T) -> Instance,
) -> ListPage {
    let count = items.len();
    let instances = items.iter().map(|item| map(ctx, item)).collect();
    let total = total.and_then(|t| u64::try_from(t).ok());
    ListPage {
        instances,
        total,
        next_page: next_page(page, count, total, page_size),
    }
}

/// A detail answer's instance: the object as `read` makes it and, for the
/// JSON view, clone and edit, its text (`raw`, with the envelope's own
/// fields removed by the caller).
pub(crate) fn detail_of<T>(
    provider: ProviderKind,
    http_status: u16,
    raw: serde_json::Value,
    read: fn(&mut json::Reader<'_>) -> Result<T, json::Error>,
) -> Result<(T, crate::model::RawJson), ApiError> {
    let raw = crate::model::RawJson::from_value(&raw);
    let item = from_text(provider, http_status, raw.text(), "instance", read)?;
    Ok((item, raw))
}

/// A request body as JSON (our own request types always serialize).
pub(crate) fn to_json<T: serde::Serialize>(body: &T) -> serde_json::Value {
    serde_json::to_value(body).unwrap_or(serde_json::Value::Null)
}

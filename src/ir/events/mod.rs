//! Function events other than the API Gateway ones (`http` in [`super::http`], `httpApi` in
//! [`super::http_api`]): queues, topics, schedules, buckets, streams, buses, sockets, load
//! balancers and the rest of SF v3's event types, one file per family.
//!
//! Each family keeps its events in configuration order (functions, then each function's
//! events), which is the order SF v3's plugin for that family compiles them in. Every event
//! records the function it triggers and where it was written.

pub mod alb;
pub mod websocket;

use crate::source::Span;
use serde::Serialize;

/// Every non-API event of the service, by family.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Events {
    /// `websocket` events and the WebSocket API's settings.
    pub websockets: websocket::Websockets,
    /// `alb` events and `provider.alb`.
    pub albs: alb::Albs,
}

/// What every event records: the function it triggers and where it was written.
#[derive(Clone, Debug, Serialize)]
pub struct EventOrigin {
    /// The function's key under `functions:`.
    pub function: String,
    /// 1-based position among the function's events of the same type (SF numbers logical ids
    /// with it, e.g. `<Fn>EventsRuleSchedule<n>`).
    pub index: usize,
    /// Where the event is written.
    #[serde(skip)]
    pub span: Span,
}

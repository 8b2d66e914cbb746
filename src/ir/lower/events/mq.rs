//! `activemq` and `rabbitmq` events → [`MqEvent`] (SF v3 `activemq.js`, `rabbitmq.js`).

use super::event_source::{
    Problem, Ty, filter_patterns, name_at, present, required, settings, truthy,
};
use crate::ir::events::EventOrigin;
use crate::ir::events::mq::MqEvent;
use crate::load::Node;

/// Reads one `activemq` or `rabbitmq` event (its value), or why SF cannot compile it. Only a
/// RabbitMQ broker has virtual hosts.
pub fn read(value: &Node, origin: EventOrigin, rabbitmq: bool) -> Result<MqEvent, Problem> {
    let s = settings(value)?;
    let queue = name_at(s, "queue")?;
    let arn = required(s, "arn")?.to_json();
    let basic_auth_arn = required(s, "basicAuthArn")?.to_json();
    Ok(MqEvent {
        origin,
        arn,
        basic_auth_arn,
        queue,
        batch_size: truthy(s, "batchSize", Ty::Number),
        maximum_batching_window: truthy(s, "maximumBatchingWindow", Ty::Number),
        enabled: present(s, "enabled", Ty::Boolean),
        virtual_host: truthy(s, "virtualHost", Ty::String).filter(|_| rabbitmq),
        filter_patterns: filter_patterns(s)?,
    })
}

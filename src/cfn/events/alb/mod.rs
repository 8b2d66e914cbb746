//! Application Load Balancer listener rules (SF v3 `compile/events/alb`), in SF's step order:
//! the target groups, the listener rules, then the permissions. Nothing when no function has
//! an `alb` event.

mod listener_rules;
mod permissions;
mod target_groups;

use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::ir::Service;
use crate::ir::events::alb::{AlbEvent, ListenerIds};
use crate::ir::naming::alb_target_group_logical_id;

pub(crate) fn compile(cx: &mut Ctx) {
    if cx.svc.events.albs.events.is_empty() {
        return;
    }
    let aliases = Aliases::new(cx.svc);
    target_groups::compile(cx, &aliases);
    listener_rules::compile(cx);
    permissions::compile(cx, &aliases);
}

/// The events SF compiles: those whose listener it could read (the check reports the others).
fn events(svc: &Service) -> impl Iterator<Item = (&AlbEvent, &ListenerIds)> {
    svc.events
        .albs
        .events
        .iter()
        .filter_map(|e| Some((e, e.ids.as_ref()?)))
}

/// `<Fn>Alb[MultiValue]TargetGroup<alb id>` of an event.
fn target_group_id(e: &AlbEvent, ids: &ListenerIds) -> String {
    alb_target_group_logical_id(&e.origin.function, &ids.alb_id, e.multi_value_headers)
}

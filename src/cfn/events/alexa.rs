//! `alexaSkill` and `alexaSmartHome` events (SF v3 `alexa-skill.js`, `alexa-smart-home.js`):
//! a permission per event letting the skill invoke the function (or, with `enabled: false`,
//! the `lambda:DisableInvokeFunction` action SF writes in its place).

use super::super::Ctx;
use super::super::functions::Aliases;
use super::super::value::obj;
use crate::ir::events::alexa::AlexaEvent;
use crate::ir::naming::{
    alexa_skill_permission_logical_id, alexa_smart_home_permission_logical_id,
};
use serde_json::{Map, Value};

/// The permissions of `alexaSkill` events.
pub(crate) fn compile_skills(cx: &mut Ctx) {
    let aliases = Aliases::new(cx.svc);
    for event in &cx.svc.events.alexa_skills {
        let key = event.origin.function.as_str();
        let id = alexa_skill_permission_logical_id(key, event.origin.index);
        cx.merge_resource(&id, permission(&aliases, event, "alexa-appkit.amazon.com"));
    }
}

/// The permissions of `alexaSmartHome` events.
pub(crate) fn compile_smart_homes(cx: &mut Ctx) {
    let aliases = Aliases::new(cx.svc);
    for event in &cx.svc.events.alexa_smart_homes {
        let key = event.origin.function.as_str();
        let id = alexa_smart_home_permission_logical_id(key, event.origin.index);
        cx.merge_resource(
            &id,
            permission(&aliases, event, "alexa-connectedhome.amazon.com"),
        );
    }
}

fn permission(aliases: &Aliases, event: &AlexaEvent, principal: &str) -> Value {
    let key = event.origin.function.as_str();
    let action = if event.enabled {
        "lambda:InvokeFunction"
    } else {
        "lambda:DisableInvokeFunction"
    };
    let mut props = Map::new();
    props.insert("FunctionName".into(), aliases.target(key));
    props.insert("Action".into(), action.into());
    props.insert("Principal".into(), principal.into());
    if let Some(app_id) = &event.app_id {
        props.insert("EventSourceToken".into(), without_escapes(app_id).into());
    }
    obj([
        ("Type", "AWS::Lambda::Permission".into()),
        ("DependsOn", aliases.depends_on(key)),
        ("Properties", Value::Object(props)),
    ])
}

/// SF's `.replace(/\\n|\\r/g, '')`: removes the two-character sequences `\n` and `\r` (a
/// backslash and a letter, not line breaks).
fn without_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some('n' | 'r')) {
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::without_escapes;

    #[test]
    fn only_backslash_sequences_are_removed() {
        assert_eq!(without_escapes("a\\nb\\rc\nd"), "abc\nd");
        // one pass, left to right, as the regular expression
        assert_eq!(without_escapes("\\\\nr"), "\\r");
    }
}

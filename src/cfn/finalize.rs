//! The package-finalize steps of SF v3: export names for the compiled outputs, then the
//! `resources:` block deep-merged (`_.merge`) into the template (and its `extensions` applied),
//! then ([`finish`]) `null` properties stripped from every resource and JavaScript's
//! `undefined` dropped as `JSON.stringify` drops it, in one walk.

use super::{Ctx, Threads, assemble, js};
use serde_json::{Map, Value, json};

pub fn run(cx: Ctx) -> Value {
    let svc = cx.svc;
    let Ctx {
        resources,
        mut outputs,
        ..
    } = cx;
    for (key, out) in outputs.iter_mut() {
        if let Value::Object(o) = out
            && !o.contains_key("Export")
        {
            let name = format!("sls-{}-{}-{key}", svc.name, svc.stage);
            o.insert("Export".into(), json!({ "Name": name }));
        }
    }
    let mut template = assemble(resources, outputs);
    if let Some(Value::Object(custom)) = &svc.resources {
        let mut custom = custom.clone();
        let extensions = custom.shift_remove("extensions");
        js::merge(&mut template, Value::Object(custom));
        if let (Some(Value::Object(ext)), Some(Value::Object(res))) =
            (extensions, template.get_mut("Resources"))
        {
            apply_extensions(res, &ext);
        }
    }
    template
}

/// Templates with at least this many resources are finished on two threads.
const PARALLEL_FINISH: usize = 512;

/// Resources handed to a thread at a time.
const FINISH_CHUNK: usize = 64;

/// SF's null stripping of every resource's `Properties` ([`strip_nulls`]) and
/// [`js::finish`] of the whole template, in one walk: both only ever remove entries. With
/// `threads` allowing it, a large template's resources are shared with a second thread.
pub fn finish(template: &mut Value, threads: Threads) {
    let Value::Object(t) = template else {
        js::finish(template);
        return;
    };
    t.retain(|_, v| !js::is_undef(v));
    for (key, v) in t.iter_mut() {
        match v {
            Value::Object(resources) if key == "Resources" => {
                resources.retain(|_, v| !js::is_undef(v));
                if resources.len() >= PARALLEL_FINISH && threads != Threads::One {
                    let mut all: Vec<&mut Value> = resources.values_mut().collect();
                    crate::par::map(all.chunks_mut(FINISH_CHUNK), |chunk| {
                        chunk.iter_mut().for_each(|v| finish_resource(v));
                    });
                } else {
                    resources.values_mut().for_each(finish_resource);
                }
            }
            v => js::finish(v),
        }
    }
}

/// One resource: a `null` `Properties` removed, `null` object properties removed under it
/// (recursively), `undefined` removed everywhere.
fn finish_resource(resource: &mut Value) {
    let Value::Object(r) = resource else {
        js::finish(resource);
        return;
    };
    if matches!(r.get("Properties"), Some(Value::Null)) {
        r.shift_remove("Properties");
    }
    r.retain(|_, v| !js::is_undef(v));
    for (key, v) in r.iter_mut() {
        if key == "Properties" {
            strip_nulls(v);
        } else {
            js::finish(v);
        }
    }
}

/// `resources.extensions`: attributes of compiled resources to set or extend.
fn apply_extensions(resources: &mut Map<String, Value>, extensions: &Map<String, Value>) {
    for (id, attrs) in extensions {
        let (Some(Value::Object(resource)), Value::Object(attrs)) = (resources.get_mut(id), attrs)
        else {
            continue;
        };
        for (name, value) in attrs {
            match name.as_str() {
                "Condition"
                | "CreationPolicy"
                | "DeletionPolicy"
                | "UpdatePolicy"
                | "UpdateReplacePolicy" => {
                    resource.insert(name.clone(), value.clone());
                }
                "Properties" | "Metadata" => {
                    let slot = resource.entry(name.clone()).or_insert_with(|| json!({}));
                    if !slot.is_object() {
                        *slot = json!({});
                    }
                    if let (Value::Object(target), Value::Object(src)) = (slot, value) {
                        for (k, v) in src {
                            target.insert(k.clone(), v.clone());
                        }
                    }
                }
                "DependsOn" => {
                    let slot = resource.entry("DependsOn").or_insert_with(|| json!([]));
                    if let Value::String(s) = slot {
                        *slot = json!([s]);
                    }
                    if let (Value::Array(list), Value::Array(more)) = (slot, value) {
                        list.extend(more.iter().cloned());
                    }
                }
                // SF rejects other attributes (validation reports them).
                _ => {}
            }
        }
    }
}

/// `null` and `undefined` object properties removed (recursively); `undefined` in arrays becomes
/// `null` (arrays keep their length).
fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            // one pass: what stays is walked as it is kept
            m.retain(|_, v| {
                let keep = !v.is_null() && !js::is_undef(v);
                if keep {
                    strip_nulls(v);
                }
                keep
            });
        }
        // `delete` on an array leaves a hole, which JSON prints as null: only recurse.
        Value::Array(a) => {
            for x in a.iter_mut() {
                if js::is_undef(x) {
                    *x = Value::Null;
                } else {
                    strip_nulls(x);
                }
            }
        }
        _ => {}
    }
}

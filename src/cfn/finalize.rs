//! The package-finalize steps of SF v3: export names for the compiled outputs, then the
//! `resources:` block deep-merged (`_.merge`) into the template (and its `extensions` applied),
//! then `null` properties stripped from every resource.

use super::{Ctx, assemble, js};
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
    if let Some(Value::Object(res)) = template.get_mut("Resources") {
        strip_null_props(res);
    }
    template
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

/// Every resource: `null` object properties removed from `Properties` (recursively); a resource
/// whose `Properties` is `null` loses it.
fn strip_null_props(resources: &mut Map<String, Value>) {
    for resource in resources.values_mut() {
        let Value::Object(r) = resource else { continue };
        match r.get_mut("Properties") {
            Some(Value::Null) => {
                r.shift_remove("Properties");
            }
            Some(p) => strip_nulls(p),
            None => {}
        }
    }
}

fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(m) => {
            m.retain(|_, v| !v.is_null());
            m.values_mut().for_each(strip_nulls);
        }
        // `delete` on an array leaves a hole, which JSON prints as null: only recurse.
        Value::Array(a) => a.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

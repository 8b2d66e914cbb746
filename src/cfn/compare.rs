//! Comparing a compiled template with SF v3's: the volatile parts normalized, and a readable
//! per-resource difference.

use serde_json::{Map, Value};
use std::collections::HashMap;

/// Replaces the deployment suffix, `Code.S3Key`, the version suffixes, `CodeSha256` and the
/// `ForceDeploy` time of custom resources with fixed markers (references included); likewise a
/// layer's S3 key and hash (its zip is SF's, not slsc's: the hash covers the zip's bytes), in
/// the `Hash` and `S3Key` outputs and at the end of a retained layer's logical ids.
pub fn normalize(template: &Value) -> Value {
    let mut t = template.clone();
    let mut renames: HashMap<String, String> = HashMap::new();
    if let Some(Value::Object(res)) = t.get_mut("Resources") {
        let mut out = Map::new();
        for (id, mut r) in std::mem::take(res) {
            let ty = r
                .get("Type")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let new_id = match ty.as_str() {
                "AWS::ApiGateway::Deployment" => "ApiGatewayDeployment<ID>".to_owned(),
                "AWS::Lambda::Version" => match id.find("LambdaVersion") {
                    Some(i) => format!("{}<HASH>", &id[..i + "LambdaVersion".len()]),
                    None => id.clone(),
                },
                "AWS::Lambda::LayerVersion" | "AWS::Lambda::LayerVersionPermission" => {
                    without_layer_hash(&id)
                }
                _ => id.clone(),
            };
            for key in ["/Properties/Code/S3Key", "/Properties/Content/S3Key"] {
                if let Some(code) = r.pointer_mut(key) {
                    *code = Value::String("<S3KEY>".into());
                }
            }
            if let Some(sha) = r.pointer_mut("/Properties/CodeSha256") {
                *sha = Value::String("<SHA256>".into());
            }
            if ty.starts_with("Custom::")
                && let Some(time) = r.pointer_mut("/Properties/ForceDeploy")
            {
                *time = Value::String("<TIME>".into());
            }
            if new_id != id {
                renames.insert(id, new_id.clone());
            }
            out.insert(new_id, r);
        }
        *res = out;
    }
    if let Some(Value::Object(outputs)) = t.get_mut("Outputs") {
        for (id, o) in outputs.iter_mut() {
            let marker = if id.ends_with("LambdaLayerHash") {
                "<HASH>"
            } else if id.ends_with("LambdaLayerS3Key") {
                "<S3KEY>"
            } else {
                continue;
            };
            if let Some(v) = o.get_mut("Value") {
                *v = Value::String(marker.into());
            }
        }
    }
    rename_refs(&mut t, &renames);
    t
}

/// A retained layer's id (`…LambdaLayer<sha1>`, `…LambdaLayerPermission<sha1>`) with the hash
/// replaced by a marker.
fn without_layer_hash(id: &str) -> String {
    let hash_len = 40;
    match id
        .len()
        .checked_sub(hash_len)
        .and_then(|i| id.get(i..).map(|h| (i, h)))
    {
        Some((i, hash)) if hash.bytes().all(|b| b.is_ascii_hexdigit()) && i > 0 => {
            format!("{}<HASH>", &id[..i])
        }
        _ => id.to_owned(),
    }
}

fn rename_refs(v: &mut Value, renames: &HashMap<String, String>) {
    match v {
        Value::String(s) => {
            if let Some(n) = renames.get(s.as_str()) {
                *s = n.clone();
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rename_refs(x, renames)),
        Value::Object(m) => m.values_mut().for_each(|x| rename_refs(x, renames)),
        _ => {}
    }
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// `None` when equal (key order included), else a report: resource order, then each differing
/// resource or output with its first differing line and both versions.
pub fn difference(expected: &Value, actual: &Value) -> Option<String> {
    let (e, a) = (normalize(expected), normalize(actual));
    if pretty(&e) == pretty(&a) {
        return None;
    }
    let mut report = String::new();
    let keys = |v: &Value, s: &str| -> Vec<String> {
        v.get(s)
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let top = |v: &Value| -> Vec<String> {
        v.as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    if top(&e) != top(&a) {
        report += &format!(
            "top-level keys differ:\n  expected {:?}\n  actual   {:?}\n",
            top(&e),
            top(&a)
        );
    }
    for section in [
        "Resources",
        "Outputs",
        "Conditions",
        "Parameters",
        "Mappings",
        "Metadata",
    ] {
        let (ek, ak) = (keys(&e, section), keys(&a, section));
        for k in ek.iter().filter(|k| !ak.contains(k)) {
            report += &format!("{section}.{k}: missing\n");
        }
        for k in ak.iter().filter(|k| !ek.contains(k)) {
            report += &format!("{section}.{k}: unexpected\n");
        }
        let common_e: Vec<&String> = ek.iter().filter(|k| ak.contains(k)).collect();
        let common_a: Vec<&String> = ak.iter().filter(|k| ek.contains(k)).collect();
        if common_e != common_a {
            report += &format!(
                "{section} order differs:\n  expected {common_e:?}\n  actual   {common_a:?}\n"
            );
        }
        for k in &common_e {
            let (x, y) = (
                pretty(&e[section][k.as_str()]),
                pretty(&a[section][k.as_str()]),
            );
            if x != y {
                let line = x
                    .lines()
                    .zip(y.lines())
                    .position(|(p, q)| p != q)
                    .unwrap_or(0);
                report += &format!(
                    "{section}.{k} differs at line {}:\n  expected: {}\n  actual:   {}\n--- expected\n{x}\n--- actual\n{y}\n",
                    line + 1,
                    x.lines().nth(line).unwrap_or("<end>").trim(),
                    y.lines().nth(line).unwrap_or("<end>").trim(),
                );
            }
        }
    }
    if report.is_empty() {
        report = format!(
            "templates differ elsewhere\n--- expected\n{}\n--- actual\n{}\n",
            pretty(&e),
            pretty(&a)
        );
    }
    Some(report)
}

#[test]
fn normalization_renames_references() {
    let t = serde_json::json!({
        "Resources": {
            "FLambdaVersionabc": {"Type": "AWS::Lambda::Version", "Properties": {"CodeSha256": "x"}},
            "ApiGatewayDeployment123": {"Type": "AWS::ApiGateway::Deployment"},
            "K": {"DependsOn": "ApiGatewayDeployment123"}
        },
        "Outputs": {"O": {"Value": {"Ref": "FLambdaVersionabc"}}}
    });
    let n = normalize(&t);
    assert_eq!(n["Resources"]["K"]["DependsOn"], "ApiGatewayDeployment<ID>");
    assert_eq!(n["Outputs"]["O"]["Value"]["Ref"], "FLambdaVersion<HASH>");
    assert_eq!(
        n["Resources"]["FLambdaVersion<HASH>"]["Properties"]["CodeSha256"],
        "<SHA256>"
    );
    assert!(difference(&t, &t).is_none());
    let mut other = t.clone();
    other["Resources"]["K"]["DependsOn"] = "X".into();
    let d = difference(&t, &other).unwrap();
    assert!(d.contains("Resources.K differs"), "{d}");
}

#[test]
fn the_force_deploy_time_of_custom_resources_is_volatile() {
    let at = |time: u64| {
        serde_json::json!({"Resources": {
            "FCustomS31": {"Type": "Custom::S3", "Properties": {"ForceDeploy": time}},
            "Other": {"Type": "AWS::X::Y", "Properties": {"ForceDeploy": time}}
        }})
    };
    let d = difference(&at(1), &at(2)).expect("differs outside custom resources");
    assert!(d.contains("Resources.Other differs"), "{d}");
    assert!(!d.contains("FCustomS31"), "{d}");
}

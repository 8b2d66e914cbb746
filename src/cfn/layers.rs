//! The service's own Lambda layers (SF v3 `compile/layers.js`): an `AWS::Lambda::LayerVersion`
//! each, a `LayerVersionPermission` per allowed account, and the `QualifiedArn`, `Hash` and
//! `S3Key` outputs. They land after the execution role, before the functions. A retained
//! layer's ids end with its hash, so that a new version is a new resource and the old one
//! stays (`DeletionPolicy: Retain`).

use super::value::{obj, reference};
use super::{Ctx, core, hash};
use crate::ir::layers::Layer;
use crate::ir::naming::{layer_logical_id, layer_output_logical_ids, layer_permission_logical_id};
use serde_json::{Map, Value, json};

pub fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    for layer in &svc.layers {
        compile_layer(cx, layer);
    }
}

fn compile_layer(cx: &mut Ctx, layer: &Layer) {
    let (mut resource, hash, s3_key) = layer_resource(cx, layer);
    let mut id = layer_logical_id(&layer.key);
    if layer.retain {
        id.push_str(&hash);
        if let Value::Object(m) = &mut resource {
            m.insert("DeletionPolicy".into(), json!("Retain"));
        }
    }
    cx.assign_resource(&id, resource);
    for account in &layer.allowed_accounts {
        let mut permission = Map::new();
        permission.insert("Type".into(), json!("AWS::Lambda::LayerVersionPermission"));
        permission.insert(
            "Properties".into(),
            obj([
                ("Action", json!("lambda:GetLayerVersion")),
                ("LayerVersionArn", reference(id.clone())),
                ("Principal", json!(account)),
            ]),
        );
        let mut permission_id = layer_permission_logical_id(&layer.key, account);
        if layer.retain {
            permission_id.push_str(&hash);
            permission.insert("DeletionPolicy".into(), json!("Retain"));
        }
        cx.assign_resource(&permission_id, Value::Object(permission));
    }
    let [arn_output, hash_output, key_output] = layer_output_logical_ids(&layer.key);
    cx.merge_output(
        &arn_output,
        json!({"Description": "Current Lambda layer version", "Value": {"Ref": id}}),
    );
    cx.merge_output(
        &hash_output,
        json!({"Description": "Current Lambda layer hash", "Value": hash}),
    );
    cx.merge_output(
        &key_output,
        json!({"Description": "Current Lambda layer S3Key", "Value": s3_key}),
    );
}

/// The `LayerVersion` resource, its hash and its S3 key.
fn layer_resource(cx: &Ctx, layer: &Layer) -> (Value, String, String) {
    let svc = cx.svc;
    let artifact = hash::layer_artifact(svc, cx.opts, layer, || cx.config_digest());
    let mut props = Map::new();
    props.insert(
        "Content".into(),
        obj([("S3Bucket", core::code_bucket(svc))]),
    );
    props.insert("LayerName".into(), json!(layer.name));
    for (key, value) in [
        ("Description", &layer.description),
        ("LicenseInfo", &layer.license_info),
        ("CompatibleRuntimes", &layer.compatible_runtimes),
        ("CompatibleArchitectures", &layer.compatible_architectures),
    ] {
        if let Some(v) = value {
            props.insert(key.into(), v.clone());
        }
    }
    let mut resource = obj([
        ("Type", json!("AWS::Lambda::LayerVersion")),
        ("Properties", Value::Object(props)),
    ]);
    // hashed as SF does: the resource before the S3 key (and `DeletionPolicy`) is set
    let hash = hash::layer_hash(&resource.to_string(), &artifact.sha256_base64);
    if let Some(content) = resource
        .pointer_mut("/Properties/Content")
        .and_then(Value::as_object_mut)
    {
        content.insert("S3Key".into(), json!(artifact.s3_key));
    }
    (resource, hash, artifact.s3_key)
}

/// The layer a function's `Layers` entry `{"Ref": id}` names, with the layer's configuration
/// as SF folds it into the function's version hash (`extractLayerConfigurationsFromFunction`:
/// the resource's properties without the S3 key) and its code's hash.
pub(crate) fn referenced<'s>(cx: &Ctx<'s>, id: &str) -> Option<(&'s Layer, Value, String)> {
    let svc = cx.svc;
    let layer = svc.layers.iter().find(|l| {
        let base = layer_logical_id(&l.key);
        match id.strip_prefix(base.as_str()) {
            Some("") => !l.retain,
            Some(hash) => l.retain && hash.len() == 40,
            None => false,
        }
    })?;
    let mut properties = cx.resources.get(id)?.get("Properties")?.clone();
    if let Some(content) = properties.get_mut("Content").and_then(Value::as_object_mut) {
        content.shift_remove("S3Key");
    }
    let artifact = hash::layer_artifact(svc, cx.opts, layer, || cx.config_digest());
    Some((layer, properties, artifact.sha256_base64))
}

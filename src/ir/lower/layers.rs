//! Top-level `layers:` → [`Layer`]s, in configuration order (`null` entries dropped, as SF
//! does).

use super::LowerContext;
use super::shape::{bool_at, child, json_at, map_of, str_at, strings_at, wrong};
use crate::ir::layers::{Layer, LayerPackage};
use crate::load::Node;

pub fn lower_layers(cx: &mut LowerContext, root: &Node) -> Vec<Layer> {
    let Some(layers) = child(root, "layers") else {
        return Vec::new();
    };
    let Some(map) = map_of(&mut cx.diags, layers, "layers") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, entry) in map {
        let node = &entry.value;
        if node.is_null() {
            continue;
        }
        if node.as_map().is_none() {
            wrong(&mut cx.diags, node, &format!("layers.{key}"), "a mapping");
            continue;
        }
        let d = &mut cx.diags;
        let package = child(node, "package")
            .map(|p| LayerPackage {
                artifact: str_at(d, p, "artifact"),
                patterns: strings_at(d, p, "patterns"),
                include: strings_at(d, p, "include"),
                exclude: strings_at(d, p, "exclude"),
            })
            .unwrap_or_default();
        out.push(Layer {
            key: key.clone(),
            name: str_at(d, node, "name")
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| key.clone()),
            path: str_at(d, node, "path"),
            description: truthy(node, "description"),
            license_info: truthy(node, "licenseInfo"),
            compatible_runtimes: truthy(node, "compatibleRuntimes"),
            compatible_architectures: truthy(node, "compatibleArchitectures"),
            allowed_accounts: strings_at(d, node, "allowedAccounts"),
            retain: bool_at(d, node, "retain").unwrap_or(false),
            package,
            span: entry.key_span,
        });
    }
    out
}

/// A setting SF tests for truthiness before writing it.
fn truthy(node: &Node, key: &str) -> Option<serde_json::Value> {
    child(node, key).filter(|n| n.is_truthy())?;
    json_at(node, key)
}

//! Checks on the top-level `layers`: what SF v3 cannot package (a layer with neither a folder
//! nor a zip) and what CloudFormation refuses in the template SF writes (a permission for a
//! root ARN, whose logical id then holds `:`; a `Ref` to a retained layer, whose logical id
//! carries its hash).

use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::ir::naming::layer_logical_id;
use crate::load::Node;

pub fn check(service: &Service, root: &Node, d: &mut Diagnostics) {
    for layer in &service.layers {
        let node = root.path(["layers", layer.key.as_str()]);
        if layer.path.is_none() && layer.package.artifact.is_none() {
            d.push(
                Diagnostic::error(
                    codes::LAYER_CONTENT,
                    format!(
                        "layer `{}` has neither a `path` nor a `package.artifact`",
                        layer.key
                    ),
                )
                .at(layer.span)
                .label("nothing to package")
                .help(
                    "add `path: <folder>` (zipped into the layer) or `package: {artifact: <zip>}`",
                ),
            );
        }
        for account in layer.allowed_accounts.iter().filter(|a| a.contains(':')) {
            let span = node
                .and_then(|n| n.get("allowedAccounts"))
                .and_then(Node::as_seq)
                .and_then(|s| s.iter().find(|n| n.as_str() == Some(account)))
                .map_or(layer.span, |n| n.span);
            d.push(
                Diagnostic::error(
                    codes::LAYER_ACCOUNT,
                    format!("the permission SF writes for `{account}` on layer `{}` has `:` in its logical id, which CloudFormation refuses", layer.key),
                )
                .at(span)
                .label("an ARN")
                .help("give the account id alone (`123456789012`): it grants the same account"),
            );
        }
    }
    retained_references(service, root, d);
}

/// A retained layer's logical id ends with its hash: a `Ref` to its plain id names nothing.
fn retained_references(service: &Service, root: &Node, d: &mut Diagnostics) {
    for layer in service.layers.iter().filter(|l| l.retain) {
        let id = layer_logical_id(&layer.key);
        for f in &service.functions {
            let named = f
                .layers
                .iter()
                .any(|l| l.get("Ref").and_then(|r| r.as_str()) == Some(id.as_str()));
            if !named {
                continue;
            }
            let span = super::function_node(root, &f.key)
                .and_then(|n| n.get("layers"))
                .or_else(|| root.path(["provider", "layers"]))
                .map_or(f.span, |n| n.span);
            d.push(
                Diagnostic::error(
                    codes::LAYER_REFERENCE,
                    format!("`Ref: {id}` names no resource: layer `{}` is retained, so its logical id ends with its hash", layer.key),
                )
                .at(span)
                .label("unresolved reference")
                .help("drop `retain` from the layer to reference it by `Ref`, or reference a published version by its ARN"),
            );
        }
    }
}

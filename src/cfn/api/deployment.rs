//! `ApiGatewayDeployment<suffix>` and the `ServiceEndpoint` output (SF v3 `lib/deployment.js`).
//! SF's suffix is the build time; ours is a hash of the API as compiled so far plus the API
//! resources of the `resources:` block, so it changes exactly when the API does.

use super::Api;
use crate::cfn::js::opt;
use crate::cfn::{Ctx, Threads, hash};
use serde_json::{Value, json};

pub fn compile(cx: &mut Ctx, api: &mut Api) {
    let svc = cx.svc;
    let stage = svc.api.stage.clone().unwrap_or_else(|| svc.stage.clone());
    let suffix = match &cx.opts.deployment_id {
        Some(id) => id.clone(),
        None => hash::deployment_suffix(api_fingerprint(cx, &stage)),
    };
    api.deployment_id = format!("ApiGatewayDeployment{suffix}");
    cx.merge_resource(
        &api.deployment_id,
        json!({
            "Type": "AWS::ApiGateway::Deployment",
            "Properties": {
                "RestApiId": api.rest_api_id,
                "StageName": stage,
                "Description": opt(svc.api.description.clone().filter(|d| !d.is_empty())),
            },
            "DependsOn": api.method_ids,
        }),
    );
    cx.merge_output(
        "ServiceEndpoint",
        json!({
            "Description": "URL of the service endpoint",
            "Value": {"Fn::Join": ["", [
                "https://", api.rest_api_id, ".execute-api.", {"Ref": "AWS::Region"}, ".",
                {"Ref": "AWS::URLSuffix"}, format!("/{}", svc.stage)
            ]]}
        }),
    );
}

fn is_api_resource(r: &Value) -> bool {
    r.get("Type")
        .and_then(Value::as_str)
        .is_some_and(|t| t.starts_with("AWS::ApiGateway::"))
}

/// Everything the deployed API is made of, fed to a hash: the stage, the description, its
/// compiled resources and the API resources (or overrides of compiled ones) in `resources:`,
/// each with its logical id, in template order.
fn api_fingerprint(cx: &Ctx, stage: &str) -> hash::Feed {
    let mut feed = hash::Feed::default();
    feed.str(stage);
    feed.opt_str(cx.svc.api.description.as_deref());
    let compiled: Vec<_> = cx
        .resources
        .iter()
        .filter(|(_, r)| is_api_resource(r))
        .collect();
    let custom: Vec<_> = cx
        .svc
        .resources
        .as_ref()
        .and_then(|r| r.get("Resources"))
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter(|(k, r)| {
                    is_api_resource(r) || cx.resources.get(*k).is_some_and(is_api_resource)
                })
                .collect()
        })
        .unwrap_or_default();
    // the compiled resources in chunks, each hashed on its own (shared with a second thread for
    // a large API: it is the largest walk of the compile); the chunks, and so the digest, are
    // the same however many threads hash them
    let chunks = compiled.chunks(HASH_CHUNK);
    feed.list(chunks.len());
    let parts = if compiled.len() >= PARALLEL_HASH && cx.opts.threads != Threads::One {
        crate::par::map(chunks, resources_feed)
    } else {
        chunks.map(resources_feed).collect()
    };
    parts.into_iter().for_each(|part| feed.digest_of(part));
    feed.digest_of(resources_feed(&custom));
    feed
}

/// Below this many API resources the fingerprint is hashed on one thread.
const PARALLEL_HASH: usize = 256;

/// API resources per separately hashed chunk.
const HASH_CHUNK: usize = 64;

/// `resources` (logical id, resource) fed in order.
fn resources_feed(resources: &[(&String, &Value)]) -> hash::Feed {
    let mut feed = hash::Feed::default();
    feed.list(resources.len());
    for (id, r) in resources {
        feed.str(id);
        feed.value(r);
    }
    feed
}

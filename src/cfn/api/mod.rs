//! API Gateway REST: every `http` event → RestApi, Resources, Methods, CORS preflights,
//! validators and models, authorizers, the Deployment, API keys, usage plans and their keys,
//! Lambda permissions (SF v3 `compile/events/api-gateway`), in SF's step order.

mod api_keys;
mod authorizers;
mod cors;
mod deployment;
mod method;
mod permissions;
mod request_validator;
mod resources;
mod rest_api;
mod stage;
mod usage_plan;
mod usage_plan_keys;

use super::functions::Aliases;
use super::value::{join, reference};
use super::{Ctx, Threads};
use crate::ir::HttpEndpoint;
use serde_json::{Value, json};

pub const REST_API: &str = "ApiGatewayRestApi";

/// What the API steps share.
pub(crate) struct Api<'a> {
    pub events: &'a [HttpEndpoint],
    /// `{"Ref": "ApiGatewayRestApi"}` or `provider.apiGateway.restApiId`.
    pub rest_api_id: Value,
    /// Path → (resource id, path name), from the resource tree.
    pub paths: resources::Paths,
    /// Every method's logical id, CORS preflights first (the Deployment's `DependsOn`).
    pub method_ids: Vec<String>,
    pub deployment_id: String,
    /// Usage plan names (`default` for the single plan).
    pub plan_names: Vec<String>,
    /// The functions' aliases, which their integrations, permissions and authorizers target.
    pub aliases: Aliases<'a>,
}

impl Api<'_> {
    /// The resource id a method on `path` attaches to.
    pub fn resource_id(&self, path: &str) -> Value {
        self.paths.resource_id(path)
    }

    /// The path's name as used in logical ids (`""` for the root).
    pub fn resource_name(&self, path: &str) -> String {
        self.paths.name(path)
    }
}

pub fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    if svc.endpoints.is_empty() {
        return;
    }
    let rest_api_id = svc
        .api
        .rest_api_id
        .clone()
        .unwrap_or_else(|| json!({"Ref": REST_API}));
    let mut api = Api {
        events: &svc.endpoints,
        rest_api_id,
        paths: resources::Paths::default(),
        method_ids: Vec::new(),
        deployment_id: String::new(),
        plan_names: Vec::new(),
        aliases: Aliases::new(svc),
    };
    // a resource, a method and often a preflight per endpoint: grown once, not by doubling
    super::reserve(&mut cx.resources, svc.endpoints.len() * 3 + 16);
    rest_api::compile(cx);
    resources::compile(cx, &mut api);
    cors::compile(cx, &mut api);
    method::compile(cx, &mut api);
    request_validator::compile(cx, &api);
    authorizers::compile(cx, &api);
    deployment::compile(cx, &mut api);
    api_keys::compile(cx, &api);
    usage_plan::compile(cx, &mut api);
    usage_plan_keys::compile(cx, &api);
    permissions::compile(cx, &api);
    stage::compile(cx);
}

/// From this many items on, [`map_shared`] shares them with a second thread.
const PARALLEL_ITEMS: usize = 256;

/// How many items [`map_shared`] hands a thread at a time.
const CHUNK_ITEMS: usize = 32;

/// `f` over `items`, results in order; for many items (and `threads` allowing it), shared with
/// another thread meanwhile ([`crate::par::map`]). For steps whose resources depend only on
/// their own item: they are built apart and merged in order afterwards, as SF merges them.
pub(crate) fn map_shared<T: Sync, R: Send>(
    items: &[T],
    threads: Threads,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    if items.len() < PARALLEL_ITEMS || threads == Threads::One {
        return items.iter().map(&f).collect();
    }
    let chunks = crate::par::map(items.chunks(CHUNK_ITEMS), |chunk| {
        chunk.iter().map(&f).collect::<Vec<R>>()
    });
    let mut all = Vec::with_capacity(items.len());
    chunks.into_iter().for_each(|c| all.extend(c));
    all
}

/// `arn:<partition>:execute-api:<region>:<account>:<api>/*/*`.
pub(crate) fn execute_api_source_arn(rest_api_id: &Value) -> Value {
    crate::cfn::value::execute_api_arn(rest_api_id, "/*/*")
}

/// The `…/invocations` URI of a Lambda function ARN.
pub(crate) fn lambda_invocation_uri(function_arn: Value) -> Value {
    join("", invocation_uri_parts(vec![function_arn]))
}

/// The `…/invocations` URI of a method's function: SF splices an alias into the URI's own
/// parts (`<arn>`, `:`, `<alias>`) instead of joining it to the ARN first as other targets do.
pub(crate) fn method_invocation_uri(function_arn: Value, alias: Option<&str>) -> Value {
    let mut target = vec![function_arn];
    if let Some(name) = alias {
        target.extend([":".into(), name.into()]);
    }
    join("", invocation_uri_parts(target))
}

fn invocation_uri_parts(target: Vec<Value>) -> Vec<Value> {
    let mut parts = vec![
        "arn:".into(),
        reference("AWS::Partition"),
        ":apigateway:".into(),
        reference("AWS::Region"),
        ":lambda:path/2015-03-31/functions/".into(),
    ];
    parts.extend(target);
    parts.push("/invocations".into());
    parts
}

//! The CloudFormation backend: IR → the template Serverless Framework v3 (`serverless package`)
//! emits for the same service, resource for resource and key for key.
//!
//! The steps run in SF v3's order, each in its own module: [`core`] (deployment bucket),
//! [`iam`] (log groups, execution role), [`functions`] (functions, versions), [`api`] (API
//! Gateway REST), [`http_api`] (API Gateway v2 HTTP API), then [`finalize`] (export names, the
//! `resources:` block, null stripping).
//! SF's output is not deterministic; ours is: the deployment suffix, the code's S3 key and the
//! version ids come from content hashes ([`hash`]) or from [`CompileOptions`].

mod api;
pub mod compare;
pub mod core;
pub(crate) mod custom_resources;
mod event_invoke_config;
mod events;
mod finalize;
mod function_url;
mod functions;
pub mod hash;
mod http_api;
mod iam;
pub mod js;
mod layers;
mod pretty;
mod value;
mod version_order;

use crate::ir::Service;
use indexmap::IndexMap;
use serde_json::{Map, Value};

/// A CloudFormation template (keys in emission order).
#[derive(Clone, Debug, PartialEq)]
pub struct Template(pub Value);

impl Template {
    /// JSON with a 2-space indent and a final newline, as the fixtures are written: byte for
    /// byte `serde_json::to_string_pretty` plus the newline (a test compares the two).
    pub fn to_pretty_string(&self) -> String {
        // sized for a typical resource, so most templates need one allocation
        let estimate = self.resources().map_or(0, Map::len) * 1400 + 4096;
        let mut buf = Vec::with_capacity(estimate);
        pretty::to_vec(&self.0, &mut buf);
        buf.push(b'\n');
        // only whole `str`s and ASCII are written: always UTF-8
        String::from_utf8(buf)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// [`Template::to_pretty_string`]'s text streamed to `sink` (no copy of the whole text).
    pub fn write_pretty(&self, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
        pretty::write(&self.0, sink)?;
        sink.write_all(b"\n")
    }

    pub fn resources(&self) -> Option<&Map<String, Value>> {
        self.0.get("Resources").and_then(Value::as_object)
    }

    /// Whether a function of the template runs `custom-resources.zip`
    /// ([`crate::custom_resources`]), which must then be uploaded beside the code.
    pub fn uses_custom_resources(&self) -> bool {
        self.resources().is_some_and(|r| {
            custom_resources::Handler::ALL
                .iter()
                .any(|h| r.contains_key(&h.logical_id()))
        })
    }
}

/// The packaged code of a function (or of the whole service).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArtifactInfo {
    /// `Code.S3Key`.
    pub s3_key: String,
    /// Base64 SHA-256 of the zip (`CodeSha256`).
    pub sha256_base64: String,
}

#[derive(Clone, Debug, Default)]
pub struct CompileOptions {
    /// Suffix of `ApiGatewayDeployment<suffix>`; by default a hash of the compiled API.
    pub deployment_id: Option<String>,
    /// The service artifact; by default a key and hash derived from the configuration.
    pub artifact: Option<ArtifactInfo>,
    /// Per-function artifacts (`package.individually`), by function key; win over `artifact`.
    pub function_artifacts: IndexMap<String, ArtifactInfo>,
    /// `custom-resources.zip` (the handlers of SF's custom resources), when the deploy stores it
    /// elsewhere than its content key.
    pub custom_resources: Option<ArtifactInfo>,
    /// The zips of the service's own layers, by layer key; by default keys and hashes derived
    /// from the configuration.
    pub layer_artifacts: IndexMap<String, ArtifactInfo>,
    /// Whether the API steps run on a thread of their own (the output is the same).
    pub threads: Threads,
    /// When the template is deployed (milliseconds since the epoch): SF writes `Date.now()` as
    /// the `ForceDeploy` of a custom resource with `forceDeploy`, so that it changes on every
    /// deploy. `deploy` sets it to its start, `compile` and `package` to the current time;
    /// `None` writes 0, for a template that is the same on every run.
    pub deploy_time: Option<u64>,
}

/// How many threads [`compile`] uses. The template does not depend on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Threads {
    /// Two for a large API, one otherwise.
    #[default]
    Auto,
    One,
    Two,
}

/// Below this many endpoints the API is compiled on the calling thread: a thread costs more
/// than it saves.
const PARALLEL_API_ENDPOINTS: usize = 64;

/// The update-stack template for `service`.
pub fn compile(service: &Service, opts: &CompileOptions) -> Template {
    compile_packaged(service, opts.clone(), |_| ()).0
}

/// [`compile`], with the code's keys and hashes (`artifact`, `function_artifacts`) filled into
/// `opts` by `package` (reading and zipping the code), which runs before the functions are
/// compiled.
///
/// SF's steps run in its order: the execution role and log groups ([`iam`]), the layers
/// ([`layers`]), the functions ([`functions`]), the events SF compiles before the REST API ([`events::before_api`]), the
/// REST API ([`api`]), the other events ([`events::after_api`]), the HTTP API ([`http_api`],
/// whose plugin SF runs last), then [`finalize`]. For a large API the API steps run on a
/// second thread meanwhile ([`with_api_beside`]); the template is the same.
pub fn compile_packaged<W: Send>(
    service: &Service,
    mut opts: CompileOptions,
    package: impl FnOnce(&mut CompileOptions) -> W + Send,
) -> (Template, W) {
    let threads = opts.threads;
    let (mut cx, packaged) = if api_on_its_own_thread(service, threads) {
        with_api_beside(service, &mut opts, package)
    } else {
        let packaged = package(&mut opts);
        let mut cx = Ctx::new(service, &opts);
        iam::compile(&mut cx);
        layers::compile(&mut cx);
        functions::compile(&mut cx);
        events::before_api(&mut cx);
        api::compile(&mut cx);
        (cx, packaged)
    };
    events::after_api(&mut cx);
    http_api::compile(&mut cx);
    let mut template = finalize::run(cx);
    finalize::finish(&mut template, threads);
    (Template(template), packaged)
}

/// Whether [`compile_packaged`] compiles the API on a second thread.
fn api_on_its_own_thread(service: &Service, threads: Threads) -> bool {
    match threads {
        Threads::Auto => service.endpoints.len() >= PARALLEL_API_ENDPOINTS,
        Threads::One => false,
        Threads::Two => true,
    }
}

/// The steps of [`compile_packaged`] with the API compiled on a second thread, into a template of
/// its own, while packaging, the role, the functions and the events before the API are compiled
/// on this one. The API steps
/// read neither the code's hashes nor anything else packaging sets, and only read and write API
/// resources, so appending their resources after the functions' gives the same keys in the same
/// order as the sequential run. Should an API resource's logical id equal one of the other
/// steps' (possible only with contrived names), the API is compiled again in sequence, so that
/// SF's merge of the two happens exactly as it would.
fn with_api_beside<'a, W: Send>(
    service: &'a Service,
    opts: &'a mut CompileOptions,
    package: impl FnOnce(&mut CompileOptions) -> W + Send,
) -> (Ctx<'a>, W) {
    let api_opts = opts.clone();
    let mut api_cx = Ctx::empty(service, &api_opts);
    // a panic in the API steps is a bug: it surfaces here as the sequential run's would
    let ((resources, outputs, packaged), ()) = crate::par::join(
        || {
            let packaged = package(opts);
            let mut cx = Ctx::new(service, opts);
            iam::compile(&mut cx);
            layers::compile(&mut cx);
            functions::compile(&mut cx);
            events::before_api(&mut cx);
            (cx.resources, cx.outputs, packaged)
        },
        || api::compile(&mut api_cx),
    );
    let opts: &'a CompileOptions = opts;
    let mut cx = Ctx::new_with(service, opts, resources, outputs);
    let collides = shares_a_key(&api_cx.resources, &cx.resources)
        || shares_a_key(&api_cx.outputs, &cx.outputs);
    if collides {
        api::compile(&mut cx);
    } else {
        reserve(&mut cx.resources, api_cx.resources.len());
        cx.resources.extend(api_cx.resources);
        cx.outputs.extend(api_cx.outputs);
    }
    (cx, packaged)
}

/// The create-stack template: the core template (deployment bucket) only.
pub fn compile_create(service: &Service) -> Template {
    let (resources, outputs) = core::template(service);
    let mut t = assemble(resources, outputs);
    js::finish(&mut t);
    Template(t)
}

/// The template's top level, in SF's key order.
fn assemble(resources: Map<String, Value>, outputs: Map<String, Value>) -> Value {
    let mut t = Map::new();
    t.insert("AWSTemplateFormatVersion".into(), "2010-09-09".into());
    t.insert(
        "Description".into(),
        "The AWS CloudFormation template for this Serverless application".into(),
    );
    t.insert("Resources".into(), Value::Object(resources));
    t.insert("Outputs".into(), Value::Object(outputs));
    Value::Object(t)
}

/// The template being built (its `Resources` and `Outputs`) and the inputs.
pub(crate) struct Ctx<'a> {
    pub svc: &'a Service,
    pub opts: &'a CompileOptions,
    pub resources: Map<String, Value>,
    pub outputs: Map<String, Value>,
    /// Hash of the whole configuration, the stand-in for the code until packaging provides it
    /// (computed once, and only when an artifact is missing: it serializes the whole service).
    config_digest: std::cell::OnceCell<String>,
}

impl<'a> Ctx<'a> {
    fn new(svc: &'a Service, opts: &'a CompileOptions) -> Self {
        let (resources, outputs) = core::template(svc);
        Ctx::new_with(svc, opts, resources, outputs)
    }

    /// A context with no resources or outputs yet (the API's, when compiled on its own thread).
    fn empty(svc: &'a Service, opts: &'a CompileOptions) -> Self {
        Ctx::new_with(svc, opts, Map::new(), Map::new())
    }

    /// A context with the template built so far.
    fn new_with(
        svc: &'a Service,
        opts: &'a CompileOptions,
        resources: Map<String, Value>,
        outputs: Map<String, Value>,
    ) -> Self {
        Ctx {
            svc,
            opts,
            resources,
            outputs,
            config_digest: std::cell::OnceCell::new(),
        }
    }

    /// The hash of the whole configuration ([`hash::service_digest`]).
    pub fn config_digest(&self) -> &str {
        self.config_digest
            .get_or_init(|| hash::service_digest(self.svc))
    }

    /// `_.merge(Resources, {id: value})`.
    pub fn merge_resource(&mut self, id: &str, value: Value) {
        merge_entry(&mut self.resources, id, value);
    }

    /// `Object.assign(Resources, {id: value})`.
    pub fn assign_resource(&mut self, id: &str, value: Value) {
        self.resources.insert(id.to_owned(), value);
    }

    /// `_.merge(Outputs, {id: value})`.
    pub fn merge_output(&mut self, id: &str, value: Value) {
        merge_entry(&mut self.outputs, id, value);
    }

    /// The `Properties` object of a resource, if it has one.
    pub fn properties_mut(&mut self, id: &str) -> Option<&mut Map<String, Value>> {
        self.resources
            .get_mut(id)?
            .get_mut("Properties")?
            .as_object_mut()
    }
}

/// Whether two maps have a key in common (the smaller one's keys looked up in the other).
fn shares_a_key(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.keys().any(|k| large.contains_key(k))
}

/// Room for `additional` more entries in `map` (serde_json's `Map` has no `reserve`: its
/// entries move once into a map of the right size instead of through every doubling).
pub(crate) fn reserve(map: &mut Map<String, Value>, additional: usize) {
    let mut sized = Map::with_capacity(map.len() + additional);
    sized.extend(std::mem::take(map));
    *map = sized;
}

/// `_.merge(map, {key: value})`.
pub(crate) fn merge_entry(map: &mut Map<String, Value>, key: &str, value: Value) {
    match map.get_mut(key) {
        Some(slot) => js::merge_into(slot, value),
        None => {
            map.insert(key.to_owned(), value);
        }
    }
}

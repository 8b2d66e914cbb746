//! Variables: turns the loaded tree of `serverless.yml` into a fully resolved tree, with
//! Serverless Framework v3's semantics (`${self:}`, `${opt:}`, `${env:}`, `${file()}`,
//! `${sls:}`, `${aws:region}`, `${param:}`, `${strToBool()}`, fallbacks, escapes, foreign
//! `${AWS::Region}` left for `Fn::Sub`).
//!
//! Every string of the config (not keys) is scanned with SF's grammar ([`parse`]). Each string
//! holding variables is resolved on demand, so order in the file does not matter; a value that
//! itself holds variables (an included file, an environment variable) is resolved again, up to
//! SF's 10 levels. Every failure is reported, at the `${...}` it comes from; a failure caused
//! by another one (a reference to a broken value) is not reported twice.
//!
//! Spans of resolved values: the node a variable produced carries the span of that variable;
//! the inside of a mapping or list it produced keeps the spans where it was written (the
//! referenced part of the config, or the included file).

pub mod ast;
pub mod coerce;
mod depend;
pub mod dotenv;
mod files;
mod params;
pub mod parse;
mod report;
pub mod resolver;
mod sources;
pub mod spans;
mod strings;
pub mod tree;

#[cfg(test)]
mod tests;

use crate::diag::Diagnostics;
use crate::load::Node;
use crate::source::SourceMap;
use indexmap::IndexMap;
use std::collections::HashMap;
use std::path::PathBuf;

pub use files::resolve_path;
pub use parse::parse;

/// How many times a resolved value may hold variables again (SF v3: 10).
pub const MAX_PROPERTY_NEST: u32 = 10;

/// What the variables can read besides the config itself.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// `--stage`
    pub stage: Option<String>,
    /// `--region`
    pub region: Option<String>,
    /// `--param k=v` (repeatable, later wins)
    pub params: Vec<(String, String)>,
    /// All CLI options for `${opt:...}`; `stage` and `region` above override theirs.
    pub options: IndexMap<String, serde_json::Value>,
    /// Snapshot of the process environment.
    pub env: HashMap<String, String>,
    /// Folder of the config file; `${file()}` paths are relative to it.
    pub service_dir: PathBuf,
    /// `${sls:instanceId}`
    pub instance_id: String,
}

/// The resolved config, with the stage and region it was resolved for.
#[derive(Debug)]
pub struct Resolved {
    pub root: Node,
    /// `--stage || provider.stage || 'dev'`
    pub stage: String,
    /// `--region || provider.region || 'us-east-1'`
    pub region: String,
}

/// Resolves every variable of the config. `None` when any could not be resolved (all the
/// problems are in the diagnostics).
pub fn resolve(
    root: Node,
    ctx: &Context,
    sources: &mut SourceMap,
) -> (Option<Resolved>, Diagnostics) {
    let (resolved, diags) = resolve_leniently(root, ctx, sources);
    if diags.has_errors() {
        return (None, diags);
    }
    (Some(resolved), diags)
}

/// [`resolve`], with the tree returned even when some variables could not be resolved (those
/// keep their text): editors show what did resolve.
pub fn resolve_leniently(
    root: Node,
    ctx: &Context,
    sources: &mut SourceMap,
) -> (Resolved, Diagnostics) {
    let span = root.span;
    let mut r = resolver::Resolver::new(root, ctx, sources);
    let props = r.register(&[], 0);
    for path in props {
        r.resolve_property(&path);
    }
    let stage = r.stage_name(span).ok();
    let region = r
        .stage_or_region("region", span)
        .ok()
        .and_then(|n| coerce::js_string(&n.value));
    let mut diags = std::mem::take(&mut r.diags);
    diags.sort();
    let resolved = Resolved {
        root: r.root,
        stage: stage.unwrap_or_else(|| "dev".into()),
        region: region.unwrap_or_else(|| "us-east-1".into()),
    };
    (resolved, diags)
}

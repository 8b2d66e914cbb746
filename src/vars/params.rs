//! Stage, region and `${param:...}`: `--stage`/`--region` first, then the (resolved)
//! `provider.stage`/`provider.region`, then SF's defaults; params from `--param`, then
//! `params.<stage>`, then `params.default`.

use super::coerce::js_string;
use super::resolver::{ResolveResult, Resolver};
use super::sources::{Miss, Outcome, SourceArgs, SourceError};
use crate::load::Node;
use crate::source::Span;

impl Resolver<'_> {
    /// `--stage || provider.stage || 'dev'` (or the same for the region, default `us-east-1`).
    pub(super) fn stage_or_region(&mut self, which: &str, span: Span) -> ResolveResult<Node> {
        if let Some(v) = self.options.get(which) {
            let n = Node::from_json(v, span);
            if n.is_truthy() {
                return Ok(n);
            }
        }
        let keys = ["provider".to_string(), which.to_string()];
        if let Some(n) = self.dependency(&keys, span)?
            && n.is_truthy()
        {
            return Ok(n);
        }
        let default = if which == "stage" { "dev" } else { "us-east-1" };
        Ok(Node::str(default, span))
    }

    /// The stage as a string, for `params.<stage>`.
    pub(super) fn stage_name(&mut self, span: Span) -> ResolveResult<String> {
        let n = self.stage_or_region("stage", span)?;
        Ok(js_string(&n.value).unwrap_or_else(|| "dev".into()))
    }

    pub(super) fn param_source(&mut self, a: &SourceArgs<'_>) -> Result<Outcome, SourceError> {
        let name = a.required_address()?;
        if let Some((_, v)) = self.ctx.params.iter().rev().find(|(k, _)| *k == name) {
            return Ok(Outcome::Found(Node::str(v.trim_end(), a.span)));
        }
        let stage = self.stage_name(a.span)?;
        for group in [stage.as_str(), "default"] {
            let keys = ["params".to_string(), group.to_string(), name.clone()];
            if let Some(n) = self.dependency(&keys, a.span)? {
                return Ok(Outcome::Found(n));
            }
        }
        Ok(Outcome::Miss(Miss::Message(
            format!(
                "The param \"{name}\" cannot be resolved from CLI options or stage params. If you are using Serverless Framework Compose, make sure to run commands via Compose so that all parameters can be resolved"
            ),
            Some(format!(
                "pass --param=\"{name}=<value>\", or define it under params.{stage} or params.default"
            )),
        )))
    }
}

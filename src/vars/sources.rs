//! The variable sources (`self`, `opt`, `env`, `file`, `sls`, `aws`, `param`, `strToBool`;
//! `cf`/`s3`/`ssm` need AWS and are refused) and the fallback chain that tries them in turn.

use super::ast::Source;
use super::coerce::{js_string, lit_node};
use super::resolver::{Failed, ResolveResult, Resolver};
use super::spans::Site;
use super::tree::human;
use crate::diag::{Diagnostic, codes};
use crate::load::{Node, Value};
use crate::source::Span;
use std::path::PathBuf;

/// The source types SF v3 knows for an AWS service.
pub const KNOWN: &[&str] = &[
    "self",
    "opt",
    "env",
    "file",
    "sls",
    "aws",
    "param",
    "strToBool",
    "cf",
    "s3",
    "ssm",
];

/// Why a source gave no value.
pub(super) enum Miss {
    /// Nothing there; optional help for the user.
    NotFound(Option<String>),
    /// Nothing there, with SF's own explanation.
    Message(String, Option<String>),
    /// The `${file()}` target does not exist.
    File(PathBuf),
    /// The source cannot be read offline.
    Unsupported(String),
}

/// Why a source failed.
pub(super) enum SourceError {
    /// Invalid arguments: SF's message.
    Arg(String),
    /// Failed and already reported (a dependency's error).
    Failed,
}

impl From<String> for SourceError {
    fn from(s: String) -> Self {
        SourceError::Arg(s)
    }
}

impl From<Failed> for SourceError {
    fn from(_: Failed) -> Self {
        SourceError::Failed
    }
}

pub(super) enum Outcome {
    Found(Node),
    Miss(Miss),
}

/// A source's arguments, resolved.
pub(super) struct SourceArgs<'s> {
    pub ty: &'s str,
    pub params: Vec<Node>,
    pub address: Option<Node>,
    pub span: Span,
}

impl SourceArgs<'_> {
    /// The address as a string (SF's `ensureString`), or `None` when there is none.
    pub fn address_str(&self) -> Result<Option<String>, String> {
        match &self.address {
            None => Ok(None),
            Some(n) if n.is_null() => Ok(None),
            Some(n) => js_string(&n.value).map(Some).ok_or_else(|| {
                format!(
                    "Non-string address argument in variable \"{}\" source: {}",
                    self.ty,
                    n.kind()
                )
            }),
        }
    }

    /// The address, required.
    pub fn required_address(&self) -> Result<String, String> {
        match self.address_str()? {
            Some(a) if !a.is_empty() => Ok(a),
            _ => Err(format!(
                "Missing address argument in variable \"{}\" source",
                self.ty
            )),
        }
    }
}

impl Resolver<'_> {
    /// Tries each source of a variable in turn; a source with no value falls through to the next.
    pub(super) fn resolve_variable(
        &mut self,
        sources: &[Source],
        span: Span,
        site: Site<'_>,
    ) -> ResolveResult<Node> {
        let mut misses: Vec<(String, Option<String>, Miss)> = Vec::new();
        for source in sources {
            let (ty, params, address) = match source {
                Source::Literal(lit) => return Ok(lit_node(lit, span)),
                Source::Typed {
                    ty,
                    params,
                    address,
                } => (ty, params, address),
            };
            if !KNOWN.contains(&ty.as_str()) {
                self.unknown_source(ty, span);
                return Err(Failed);
            }
            self.charge(1, span)?;
            let mut resolved_params = Vec::new();
            for p in params.iter().flatten() {
                resolved_params.push(if p.vars.is_empty() {
                    lit_node(&p.value, span)
                } else {
                    self.resolve_meta(p, span, site)?
                });
            }
            let address = match address {
                None => None,
                Some(a) if a.vars.is_empty() => Some(lit_node(&a.value, span)),
                Some(a) => Some(self.resolve_meta(a, span, site)?),
            };
            let args = SourceArgs {
                ty,
                params: resolved_params,
                address,
                span,
            };
            let shown = args.address_str().ok().flatten();
            match self.source(&args) {
                Ok(Outcome::Found(mut node)) if !node.is_null() => {
                    node.span = span;
                    return Ok(node);
                }
                Ok(Outcome::Found(_)) => misses.push((ty.clone(), shown, Miss::NotFound(None))),
                Ok(Outcome::Miss(m)) => misses.push((ty.clone(), shown, m)),
                Err(SourceError::Failed) => return Err(Failed),
                Err(SourceError::Arg(message)) => {
                    let path = human(&self.current_path());
                    self.diags.push(
                        Diagnostic::error(
                            codes::VAR_ARGUMENT,
                            format!("Cannot resolve variable at \"{path}\": {message}"),
                        )
                        .at(span),
                    );
                    return Err(Failed);
                }
            }
        }
        self.report_miss(misses, span);
        Err(Failed)
    }

    /// One source.
    fn source(&mut self, a: &SourceArgs<'_>) -> Result<Outcome, SourceError> {
        let found = |v: Option<Node>| {
            Ok(match v {
                Some(n) => Outcome::Found(n),
                None => Outcome::Miss(Miss::NotFound(None)),
            })
        };
        match a.ty {
            "self" => {
                let keys: Vec<String> = match &a.address {
                    None => Vec::new(),
                    Some(Node {
                        value: Value::Str(s),
                        ..
                    }) => s.split('.').map(str::to_string).collect(),
                    Some(n) if n.is_null() => Vec::new(),
                    Some(n) => {
                        return Err(SourceError::Arg(format!(
                            "Non-string address argument in variable \"self\" source: {}",
                            n.kind()
                        )));
                    }
                };
                found(self.dependency(&keys, a.span)?)
            }
            "opt" => match a.address_str()? {
                None => Ok(Outcome::Found(Node::from_json(
                    &serde_json::Value::Object(self.options.clone()),
                    a.span,
                ))),
                Some(k) => found(
                    self.options
                        .get(&k)
                        .filter(|v| !v.is_null())
                        .map(|v| Node::from_json(v, a.span)),
                ),
            },
            "env" => {
                let k = a.required_address()?;
                found(self.ctx.env.get(&k).map(|v| Node::str(v.clone(), a.span)))
            }
            "file" => self.file_source(a),
            "strToBool" => str_to_bool(a).map(Outcome::Found),
            "sls" => match a.required_address()?.as_str() {
                "instanceId" => Ok(Outcome::Found(Node::str(
                    self.ctx.instance_id.clone(),
                    a.span,
                ))),
                "stage" => Ok(Outcome::Found(self.stage_or_region("stage", a.span)?)),
                other => Err(SourceError::Arg(format!(
                    "Unsupported \"{other}\" address argument in variable \"sls\" source"
                ))),
            },
            "aws" => match a.required_address()?.as_str() {
                "region" => Ok(Outcome::Found(self.stage_or_region("region", a.span)?)),
                "accountId" => Ok(Outcome::Miss(Miss::Unsupported(
                    "the AWS account id comes from AWS (STS)".into(),
                ))),
                other => Err(SourceError::Arg(format!(
                    "Unsupported \"{other}\" address argument in variable \"aws\" source"
                ))),
            },
            "param" => self.param_source(a),
            "cf" | "s3" | "ssm" => Ok(Outcome::Miss(Miss::Unsupported(format!(
                "the \"{}\" source reads from AWS",
                a.ty
            )))),
            _ => Ok(Outcome::Miss(Miss::NotFound(None))),
        }
    }
}

fn str_to_bool(a: &SourceArgs<'_>) -> Result<Node, SourceError> {
    let Some(p) = a.params.first().filter(|p| !p.is_null()) else {
        return Err(SourceError::Arg("Missing \"strToBool\" input".into()));
    };
    let s = js_string(&p.value).ok_or_else(|| {
        SourceError::Arg(format!(
            "Non-string \"strToBool\" input:. Received: {}",
            p.kind()
        ))
    })?;
    match super::parse::js_trim(&s).to_lowercase().as_str() {
        "true" | "1" => Ok(Node::new(Value::Bool(true), a.span)),
        "false" | "0" => Ok(Node::new(Value::Bool(false), a.span)),
        _ => Err(SourceError::Arg(format!(
            "Invalid \"strToBool\" input: Expected either \"true\", \"false\", \"0\", or \"1\". Received: {s}"
        ))),
    }
}

//! The diagnostics of a variable that found no value (with a fix per source) and of an
//! unknown source type (with the nearest known name).

use super::files::shown_path;
use super::resolver::Resolver;
use super::sources::{KNOWN, Miss};
use super::tree::human;
use crate::diag::{Diagnostic, codes};
use crate::source::Span;

/// The nearest known source name, when one is close.
pub fn nearest_source(ty: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .map(|k| {
            (
                strsim::levenshtein(&ty.to_lowercase(), &k.to_lowercase()),
                *k,
            )
        })
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

impl Resolver<'_> {
    pub(super) fn unknown_source(&mut self, ty: &str, span: Span) {
        let path = human(&self.current_path());
        let help = match (ty, nearest_source(ty)) {
            ("output", _) => "the \"output\" source needs Serverless Dashboard (an `org` setting), which slsc does not use".to_string(),
            (_, Some(near)) => format!("did you mean `{near}`? (${{{near}:...}})"),
            _ => format!("the sources are: {}", KNOWN.join(", ")),
        };
        self.diags.push(
            Diagnostic::error(
                codes::VAR_UNKNOWN_SOURCE,
                format!(
                    "Cannot resolve variable at \"{path}\": Unrecognized configuration variable source: \"{ty}\""
                ),
            )
            .at(span)
            .label("unknown source")
            .help(help),
        );
    }

    /// Every source of a variable gave nothing: says why, after the last one (as SF does), but
    /// an offline-only limit (`ssm`, `aws:accountId`) wins as it is what the user must fix.
    pub(super) fn report_miss(&mut self, misses: Vec<(String, Option<String>, Miss)>, span: Span) {
        let path = human(&self.current_path());
        if let Some((ty, address, Miss::Unsupported(why))) = misses
            .iter()
            .find(|(_, _, m)| matches!(m, Miss::Unsupported(_)))
        {
            let example = match address {
                Some(a) => format!("${{{ty}:{a}, 'local'}}"),
                None => format!("${{{ty}:..., 'local'}}"),
            };
            self.diags.push(
                Diagnostic::error(
                    codes::VAR_UNSUPPORTED_SOURCE,
                    format!("Cannot resolve variable at \"{path}\": {why}"),
                )
                .at(span)
                .label("needs AWS")
                .help(format!(
                    "slsc resolves variables offline; give a fallback, e.g. {example}"
                )),
            );
            return;
        }
        let Some((ty, address, miss)) = misses.last() else {
            return;
        };
        let a = address.clone().unwrap_or_default();
        let (code, detail, help) = match miss {
            Miss::File(p) => (
                codes::VAR_FILE,
                format!(
                    "file {} does not exist",
                    shown_path(&self.ctx.service_dir, p)
                ),
                Some(format!(
                    "${{file(...)}} paths are relative to the service folder ({}); create the file or add a fallback",
                    self.ctx.service_dir.display()
                )),
            ),
            Miss::Message(m, help) => (codes::VAR_UNRESOLVED, m.clone(), help.clone()),
            Miss::NotFound(help) => {
                let help = help.clone().or_else(|| match ty.as_str() {
                    "env" => Some(format!(
                        "set the environment variable {a}, or add a fallback: ${{env:{a}, 'default'}}"
                    )),
                    "opt" => Some(format!(
                        "pass --{a} <value>, or add a fallback: ${{opt:{a}, 'default'}}"
                    )),
                    "self" => Some(format!(
                        "`{a}` is not set in this configuration; set it or add a fallback: ${{self:{a}, 'default'}}"
                    )),
                    _ => None,
                });
                (
                    codes::VAR_UNRESOLVED,
                    format!("Value not found at \"{ty}\" source"),
                    help,
                )
            }
            Miss::Unsupported(_) => return,
        };
        let mut d = Diagnostic::error(
            code,
            format!("Cannot resolve variable at \"{path}\": {detail}"),
        )
        .at(span)
        .label("no value");
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diags.push(d);
    }
}

//! `${self:...}` references: reading a path of the configuration after resolving, first, the
//! properties on the way and under it; cycles are reported with the whole chain.

use super::resolver::{Failed, PropertyState, ResolveResult, Resolver};
use super::tree::{cost, human, js_path, node_at};
use crate::diag::{Diagnostic, codes};
use crate::load::{Node, Value};
use crate::source::Span;

impl Resolver<'_> {
    /// The resolved value at `keys` (`None` when absent or null), as SF's
    /// `resolveConfigurationProperty` gives it.
    pub(super) fn dependency(
        &mut self,
        keys: &[String],
        span: Span,
    ) -> ResolveResult<Option<Node>> {
        for i in 1..=keys.len() {
            match node_at(&self.root, &keys[..i - 1]) {
                None => return Ok(None),
                Some(n) if n.is_null() => return Ok(None),
                Some(_) => {}
            }
            self.ensure_resolved(&keys[..i])?;
        }
        let Some(node) = node_at(&self.root, keys) else {
            // strings and lists have a length and indexes in JavaScript
            return Ok(js_path(&self.root, keys).filter(|n| !n.is_null()));
        };
        if node.is_null() {
            return Ok(None);
        }
        if matches!(node.value, Value::Map(_) | Value::Seq(_)) {
            let under: Vec<Vec<String>> = self
                .props
                .iter()
                .filter(|(p, s)| {
                    p.len() > keys.len() && p.starts_with(keys) && !matches!(s, PropertyState::Done)
                })
                .map(|(p, _)| p.clone())
                .collect();
            for p in under {
                self.ensure_resolved(&p)?;
            }
        }
        let Some(count) = node_at(&self.root, keys).map(cost) else {
            return Ok(None);
        };
        self.charge(count, span)?;
        Ok(node_at(&self.root, keys).cloned())
    }

    /// Makes sure the property at `path` (if it is one) is resolved.
    fn ensure_resolved(&mut self, path: &[String]) -> ResolveResult<()> {
        match self.props.get(path) {
            None | Some(PropertyState::Done) => Ok(()),
            Some(PropertyState::Failed) => Err(Failed),
            Some(PropertyState::InProgress) => {
                self.report_cycle(path);
                Err(Failed)
            }
            Some(PropertyState::Pending(..)) => {
                self.resolve_property(path);
                match self.props.get(path) {
                    None | Some(PropertyState::Done) => Ok(()),
                    _ => Err(Failed),
                }
            }
        }
    }

    fn report_cycle(&mut self, target: &[String]) {
        let k = self
            .stack
            .iter()
            .position(|f| f.path == target)
            .unwrap_or(0);
        let frames = self.stack.get(k..).unwrap_or(&[]);
        let mut chain: Vec<String> = frames.iter().map(|f| human(&f.path)).collect();
        chain.push(human(target));
        let Some(first) = frames.first() else {
            return;
        };
        let at = human(&first.path);
        let message = if frames.len() == 1 {
            format!("Circular reference. \"{at}\" refers to itself")
        } else {
            format!("Circular reference: {}", chain.join(" → "))
        };
        let mut d = Diagnostic::error(
            codes::VAR_CYCLE,
            format!("Cannot resolve variable at \"{at}\": {message}"),
        )
        .at(first.span)
        .label(format!(
            "`{}` refers to `{}`",
            chain.first().cloned().unwrap_or_default(),
            chain.get(1).cloned().unwrap_or_default()
        ))
        .help("break the cycle: one of these values must not depend on the others");
        for (j, f) in frames.iter().enumerate().skip(1) {
            d = d.related(
                f.span,
                format!(
                    "`{}` refers to `{}`",
                    human(&f.path),
                    chain.get(j + 1).cloned().unwrap_or_default()
                ),
            );
        }
        self.diags.push(d);
    }
}

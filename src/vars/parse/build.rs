//! Turns the parser's raw records (lists shared by index while parsing) into the owned tree.

use super::{ListId, Parser, RawMeta, RawSource, RawVar};
use crate::vars::ast::{Body, Lit, Meta, Source, Var};

impl Parser<'_> {
    pub(super) fn build_list(&mut self, id: ListId) -> Vec<Var> {
        let raw = self
            .lists
            .get_mut(id)
            .map(std::mem::take)
            .unwrap_or_default();
        raw.into_iter().map(|v| self.build_var(v)).collect()
    }

    fn build_var(&mut self, v: RawVar) -> Var {
        let body = match v.escape {
            Some(text) => Body::Escape(text),
            None => Body::Sources(
                v.sources
                    .into_iter()
                    .map(|s| self.build_source(s))
                    .collect(),
            ),
        };
        Var {
            start: v.start,
            end: v.end,
            abs_start: v.abs_start,
            abs_end: v.abs_end,
            body,
        }
    }

    fn build_source(&mut self, s: RawSource) -> Source {
        match s.ty {
            None => Source::Literal(s.literal.unwrap_or(Lit::Null)),
            Some(ty) => Source::Typed {
                ty,
                params: s
                    .params
                    .map(|ps| ps.into_iter().map(|m| self.build_meta(m)).collect()),
                address: s.address.map(|m| self.build_meta(m)),
            },
        }
    }

    fn build_meta(&mut self, m: RawMeta) -> Meta {
        let vars = m.vars.map(|id| self.build_list(id)).unwrap_or_default();
        Meta {
            value: m.value,
            vars,
        }
    }
}

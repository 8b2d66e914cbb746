//! Where a variable is in the file: maps byte offsets inside a scalar's value to the source
//! text, exactly for plain and simply quoted scalars, by search otherwise, else the whole scalar.

use crate::source::{SourceMap, Span};

/// A string being resolved and where its value was written (`text` is `None` for strings that
/// were never in a file as such: resolved values, parameters).
#[derive(Clone, Copy, Debug)]
pub struct Site<'t> {
    pub span: Span,
    pub text: Option<&'t str>,
}

impl<'t> Site<'t> {
    pub fn detached(span: Span) -> Self {
        Site { span, text: None }
    }
}

/// The span of bytes `start..end` of the site's text, or the site's span when that cannot be
/// mapped onto the file exactly.
pub fn sub_span(sources: &SourceMap, site: Site<'_>, start: usize, end: usize) -> Span {
    let Some(text) = site.text else {
        return site.span;
    };
    let Some(file) = sources.get(site.span.file) else {
        return site.span;
    };
    let Some(src) = file
        .text
        .get(site.span.start as usize..site.span.end as usize)
    else {
        return site.span;
    };
    // an error "at the end" may name the byte just past the value: keep it inside the scalar
    let at = |offset: usize| {
        let end_of_site = site.span.end;
        let s = (site.span.start + (offset + start) as u32).min(end_of_site);
        let e = (site.span.start + (offset + end) as u32).clamp(s, end_of_site);
        Span::new(site.span.file, s, e)
    };
    if src == text {
        return at(0);
    }
    let quoted = src.len() == text.len() + 2
        && (src.starts_with('\'') || src.starts_with('"'))
        && src.get(1..src.len() - 1) == Some(text);
    if quoted {
        return at(1);
    }
    let Some(needle) = text.get(start..end) else {
        return site.span;
    };
    let mut found = src.match_indices(needle);
    match (found.next(), found.next()) {
        (Some((pos, _)), None) => Span::new(
            site.span.file,
            site.span.start + pos as u32,
            site.span.start + (pos + needle.len()) as u32,
        ),
        _ => site.span,
    }
}

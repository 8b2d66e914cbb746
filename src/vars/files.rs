//! `${file(path):address}`: YAML and JSON files through the loader (tags work, spans point
//! into the file), other files as text; a missing file has no value. Paths are relative to the
//! service folder, also for variables inside included files (as in SF v3).

use super::coerce::js_string;
use super::parse::parse;
use super::resolver::{FileEntry, Resolver};
use super::sources::{Miss, Outcome, SourceArgs, SourceError};
use super::spans::Site;
use crate::diag::{Diagnostic, codes};
use crate::load::{Node, Value};
use std::path::{Component, Path, PathBuf};

/// `path.resolve(base, rel)`: joins and removes `.`/`..` without touching the disk.
pub fn resolve_path(base: &Path, rel: &str) -> PathBuf {
    let joined = base.join(rel);
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// How a file is shown in messages: relative to the service folder when inside it.
pub fn shown_path(service_dir: &Path, path: &Path) -> String {
    match path.strip_prefix(service_dir) {
        Ok(rel) => format!("./{}", rel.display()),
        Err(_) => path.display().to_string(),
    }
}

impl Resolver<'_> {
    pub(super) fn file_source(&mut self, a: &SourceArgs<'_>) -> Result<Outcome, SourceError> {
        let Some(p) = a.params.first().filter(|p| !p.is_null()) else {
            return Err(SourceError::Arg(
                "Missing path argument in variable \"file\" source".into(),
            ));
        };
        let rel = js_string(&p.value).ok_or_else(|| {
            SourceError::Arg(format!(
                "Non-string path argument in variable \"file\" source: {}",
                p.kind()
            ))
        })?;
        let address = a.address_str()?;
        let path = resolve_path(&self.ctx.service_dir, &rel);
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_string();
        let content = match ext.as_str() {
            "yml" | "yaml" | "json" | "tfstate" => match self.load_structured(&path, a)? {
                FileEntry::Loaded(n) => Some(n.clone()),
                FileEntry::Missing => None,
                FileEntry::Broken => return Err(SourceError::Failed),
            },
            "js" | "cjs" => {
                if !path.exists() {
                    None
                } else {
                    return Ok(Outcome::Miss(Miss::Unsupported(format!(
                        "{} is JavaScript, which slsc does not run",
                        shown_path(&self.ctx.service_dir, &path)
                    ))));
                }
            }
            _ => self.read_text(&path, a)?,
        };
        let Some(mut value) = content else {
            return Ok(Outcome::Miss(Miss::File(path)));
        };
        let Some(address) = address else {
            self.charge(super::tree::cost(&value), a.span)?;
            return Ok(Outcome::Found(value));
        };
        for key in address.split('.') {
            if let Value::Str(s) = &value.value
                && let Ok(Some(_)) = parse(s)
            {
                let s = s.clone();
                value = self.resolve_in_string(&s, value.span)?;
            }
            match super::tree::js_get(&value, key) {
                Some(n) if !n.is_null() => value = n,
                _ => {
                    let help = format!(
                        "`{address}` is not in {}; add it there or give a fallback",
                        shown_path(&self.ctx.service_dir, &path)
                    );
                    return Ok(Outcome::Miss(Miss::NotFound(Some(help))));
                }
            }
        }
        self.charge(super::tree::cost(&value), a.span)?;
        Ok(Outcome::Found(value))
    }

    /// SF's `resolveVariablesInString` (for an address walking through a string).
    fn resolve_in_string(
        &mut self,
        s: &str,
        span: crate::source::Span,
    ) -> Result<Node, SourceError> {
        let Ok(Some(vars)) = parse(s) else {
            return Ok(Node::str(s, span));
        };
        let whole = super::ast::is_whole(&vars, s.len());
        let (node, parts) = self.resolve_string(s, &vars, whole, Site::detached(span))?;
        Ok(self.resolve_internal(node, parts, super::MAX_PROPERTY_NEST, span)?)
    }

    fn load_structured(
        &mut self,
        path: &Path,
        a: &SourceArgs<'_>,
    ) -> Result<&FileEntry, SourceError> {
        if !self.files.contains_key(path) {
            let entry = match std::fs::metadata(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => FileEntry::Missing,
                _ => match crate::load::load_file(path, self.sources) {
                    Ok(loaded) => {
                        self.diags.extend(loaded.warnings);
                        FileEntry::Loaded(loaded.root)
                    }
                    Err(d) if d.code == codes::YAML_EMPTY => {
                        FileEntry::Loaded(Node::null(d.span.unwrap_or(a.span)))
                    }
                    Err(d) => {
                        let d = if d.span.is_some() {
                            d.related(a.span, "included by this variable")
                        } else {
                            d.at(a.span)
                        };
                        self.diags.push(d);
                        FileEntry::Broken
                    }
                },
            };
            self.files.insert(path.to_path_buf(), entry);
        }
        self.files.get(path).ok_or(SourceError::Failed)
    }

    fn read_text(&mut self, path: &Path, a: &SourceArgs<'_>) -> Result<Option<Node>, SourceError> {
        let shown = || shown_path(&self.ctx.service_dir, path);
        match std::fs::read(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(self.file_error(format!("Cannot parse \"{}\": {e}", shown()), a)),
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    self.charge(text.len() as u64 / 4 + 1, a.span)?;
                    Ok(Some(Node::str(text, a.span)))
                }
                Err(_) => {
                    let message = format!("Cannot read \"{}\": it is not UTF-8 text", shown());
                    Err(self.file_error(message, a))
                }
            },
        }
    }

    /// Reports a file that cannot be read at the variable `a`.
    fn file_error(&mut self, message: String, a: &SourceArgs<'_>) -> SourceError {
        self.diags
            .push(Diagnostic::error(codes::VAR_FILE, message).at(a.span));
        SourceError::Failed
    }
}

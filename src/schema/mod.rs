//! Schema validation: checks the resolved configuration against the JSON Schema generated from
//! [`crate::config`] and reports every finding at the node it is about, in `serverless.yml`
//! terms, with a hint. Findings are errors, warnings or nothing according to
//! `configValidationMode` (default `warn`), as in SF v3.
//!
//! The schema is generated and compiled once per process ([`OnceLock`]). Before validating,
//! mapping keys whose value is `null` are dropped, as SF v3 does.

pub(crate) mod collapse;
pub mod editor;
pub mod generate;
mod report;
mod simple;
mod words;

pub use editor::EDITOR_SCHEMA_FILE;
pub use generate::{SCHEMA_FILE, editor_schema_text, schema_text, schema_value, write_schema};
pub use report::nearest_name;

use crate::diag::{Diagnostic, Diagnostics, Severity, codes};
use crate::load::Node;
use crate::source::SourceMap;
use serde_json::Value;
use std::sync::OnceLock;

/// What to do with schema findings (`configValidationMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// Findings are errors: the run stops.
    Error,
    /// Findings are warnings (SF v3's default).
    #[default]
    Warn,
    /// No schema validation.
    Off,
}

/// Reads `configValidationMode` (`error`, `warn`, `off`); anything else or absent is `warn`
/// (an invalid value is itself reported by [`validate`]).
pub fn validation_mode(root: &Node) -> Mode {
    match root.get("configValidationMode").and_then(Node::as_str) {
        Some("error") => Mode::Error,
        Some("off") => Mode::Off,
        _ => Mode::Warn,
    }
}

/// `schemas/serverless.schema.json`, as built into the binary.
const CHECKED_IN: &str = include_str!("../../schemas/serverless.schema.json");

struct Compiled {
    schema: Value,
    validator: Option<jsonschema::Validator>,
    problem: Option<String>,
}

static COMPILED: OnceLock<Compiled> = OnceLock::new();

/// How the schema and its parts are compiled: by the rules of JSON Schema draft 7, though the
/// document declares 2020-12. For the keywords it uses (a test keeps it to them) the two drafts
/// validate alike, and draft 7's meta-schema, which every compile checks the schema against
/// first, is much less work than 2020-12's vocabularies, on a small service's critical path.
fn compile(schema: &Value) -> Result<jsonschema::Validator, jsonschema::ValidationError<'static>> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(schema)
}

/// The keywords the schema may use: those that mean the same in drafts 7 and 2020-12 (see
/// [`compile`]), annotations, and `$defs` (found by its JSON pointer in either draft).
#[cfg(test)]
pub(crate) const SAME_IN_DRAFT_7: &[&str] = &[
    "$defs",
    "$ref",
    "$schema",
    "additionalProperties",
    "allOf",
    "anyOf",
    "const",
    "description",
    "enum",
    "items",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "oneOf",
    "pattern",
    "patternProperties",
    "properties",
    "propertyNames",
    "required",
    "title",
    "type",
    "uniqueItems",
    "x-enum-ignore-case",
];

fn compiled() -> &'static Compiled {
    COMPILED.get_or_init(|| {
        // the checked-in schema (a test keeps it equal to the generated one): parsing it is
        // cheaper than generating it from the types on every run
        let schema = serde_json::from_str(CHECKED_IN).unwrap_or_else(|_| schema_value());
        match compile(&schema) {
            Ok(v) => Compiled {
                schema,
                validator: Some(v),
                problem: None,
            },
            Err(e) => Compiled {
                schema,
                validator: None,
                problem: Some(e.to_string()),
            },
        }
    })
}

/// Starts compiling the validator on a thread of its own (once per process), so it is ready, or
/// nearly, when [`validate`] needs it: compiling it is most of a small service's run.
pub fn prepare_in_background() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        if COMPILED.get().is_none() {
            // no thread (resources exhausted): `validate` compiles it when it needs it
            let _ = crate::par::spawn("schema", || {
                compiled();
            });
        }
    });
}

/// Validates the resolved tree, with findings as errors or warnings per
/// `configValidationMode` (none when `off`).
pub fn validate(root: &Node, sources: &SourceMap) -> Diagnostics {
    validate_with_mode(root, sources, validation_mode(root))
}

/// Validates the resolved tree, applying `mode` to the findings.
pub fn validate_with_mode(root: &Node, _sources: &SourceMap, mode: Mode) -> Diagnostics {
    let severity = match mode {
        Mode::Off => return Diagnostics::default(),
        Mode::Warn => Severity::Warning,
        Mode::Error => Severity::Error,
    };
    let c = compiled();
    let Some(validator) = &c.validator else {
        let msg = c.problem.clone().unwrap_or_default();
        return Diagnostic::error(
            codes::SCHEMA_OTHER,
            format!("slsc's own schema does not compile: {msg}"),
        )
        .help("this is a bug in slsc; please report it")
        .into();
    };
    let mut instance = root.to_json();
    strip_nulls(&mut instance);
    let mut findings = Vec::new();
    for err in validator.iter_errors(&instance) {
        collapse::collect(&err, &c.schema, &mut findings);
    }
    let mut seen = Vec::new();
    let mut out = Diagnostics::default();
    for f in findings {
        if seen.contains(&f) {
            continue;
        }
        out.push(report::diagnostic(&f, root).with_severity(severity));
        seen.push(f);
    }
    out.sort();
    out
}

/// Findings for `value` validated against the subschema at `schema_pointer` of the root schema
/// (used to re-check a value after SF's type coercion). Validators are compiled once per
/// location. `None` when the location cannot be compiled.
fn subschema_findings(
    schema_pointer: &str,
    value: &Value,
    root_schema: &Value,
) -> Option<Vec<collapse::Finding>> {
    if root_schema
        .pointer(schema_pointer)
        .is_some_and(|sub| simple::surely_passes(sub, value))
    {
        return Some(Vec::new());
    }
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<jsonschema::Validator>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let cached = cache.lock().ok()?.get(schema_pointer).cloned();
    let validator = match cached {
        Some(v) => v,
        None => {
            let mut defs = root_schema
                .get("$defs")
                .cloned()
                .unwrap_or_else(|| serde_json::json!({}));
            let target = if schema_pointer.starts_with("/$defs/") {
                schema_pointer.to_string()
            } else {
                if let Value::Object(d) = &mut defs {
                    let mut whole = root_schema.clone();
                    if let Value::Object(w) = &mut whole {
                        w.remove("$defs");
                    }
                    d.insert("__root".into(), whole);
                }
                format!("/$defs/__root{schema_pointer}")
            };
            let doc = serde_json::json!({"$defs": defs, "$ref": format!("#{}", fragment_encode(&target))});
            let v = Arc::new(compile(&doc).ok()?);
            if let Ok(mut c) = cache.lock() {
                c.insert(schema_pointer.to_string(), v.clone());
            }
            v
        }
    };
    let mut found = Vec::new();
    for err in validator.iter_errors(value) {
        collapse::collect(&err, root_schema, &mut found);
    }
    Some(found)
}

/// Percent-encodes a JSON pointer for use as a URI fragment.
fn fragment_encode(pointer: &str) -> String {
    let mut out = String::new();
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Drops mapping entries whose value is `null`, as SF v3 does before validating.
fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.retain(|_, v| !v.is_null());
            o.values_mut().for_each(strip_nulls);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// The values a case-insensitive pattern stands for (see [`crate::config::defs::ci_enum`]).
fn defs_ci_values(schema: &Value) -> Option<Vec<Value>> {
    schema
        .get(crate::config::defs::CI_ENUM)
        .and_then(Value::as_array)
        .cloned()
}

#[cfg(test)]
mod fixture_tests;
#[cfg(test)]
mod tests;

//! Wording: JSON types, SF v3's patterns and ranges in words a person reads.

use serde_json::Value;

pub fn expected_text(types: &[String]) -> String {
    let names: Vec<&str> = types
        .iter()
        .map(|t| match t.as_str() {
            "string" => "a string",
            "object" => "a mapping",
            "array" => "a list",
            "integer" => "an integer",
            "number" => "a number",
            "boolean" => "a boolean (true or false)",
            "null" => "null",
            _ => "a value of another type",
        })
        .collect();
    match names.as_slice() {
        [] => "another type".into(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// Patterns SF v3 uses, in words.
const PATTERN_WORDS: &[(&str, &str, &str)] = &[
    (
        "^[a-zA-Z][0-9a-zA-Z-]+$",
        "a valid service name",
        "a letter, then letters, digits and `-` (at least 2 characters)",
    ),
    (
        "^[a-zA-Z0-9-_]+$",
        "a valid function name",
        "letters, digits, `-` and `_` only",
    ),
    (
        "^[a-zA-Z0-9-]+$",
        "a valid stage name",
        "letters, digits and `-` only",
    ),
    (
        "^[A-Za-z_][a-zA-Z0-9_]*$",
        "a valid environment variable name",
        "letters, digits and `_`, not starting with a digit",
    ),
    (
        "^[a-zA-Z0-9]{1,255}$",
        "a valid logical id",
        "letters and digits only (CloudFormation logical ids)",
    ),
    (
        "^(?:\\*|\\/?\\S*)$",
        "a valid path",
        "a path without spaces, such as `users/{id}`, or `*`",
    ),
    (
        "^\\S+\\/\\S+$",
        "a media type",
        "a media type such as `image/png` or `*/*`",
    ),
    (
        "^\\d{3}$",
        "a status code",
        "a three-digit HTTP status code such as `400`",
    ),
    (
        "^arn:",
        "an ARN",
        "an ARN (`arn:...`) or an intrinsic function such as `{Ref: ...}`",
    ),
    (
        "^[a-zA-Z][a-zA-Z0-9-]*$",
        "a valid stack name",
        "a letter, then letters, digits and `-`",
    ),
];

pub fn pattern_what(pattern: &str) -> String {
    if pattern.contains(") (\\/\\S*)") {
        return "a valid `METHOD /path` shorthand".into();
    }
    PATTERN_WORDS
        .iter()
        .find(|(p, _, _)| *p == pattern)
        .map(|(_, what, _)| (*what).to_string())
        .unwrap_or_else(|| "in the expected format".into())
}

pub fn pattern_help(pattern: &str) -> String {
    if pattern.contains(") (\\/\\S*)") {
        return "write the method, one space and the path, e.g. `GET /users/{id}` (methods: GET, POST, PUT, PATCH, OPTIONS, HEAD, DELETE, ANY)".into();
    }
    match PATTERN_WORDS.iter().find(|(p, _, _)| *p == pattern) {
        Some((_, _, words)) => format!("use {words}"),
        None => format!("the value must match the regular expression `{pattern}`"),
    }
}

pub fn range_help(loc: &str, min: &Option<Value>, max: &Option<Value>, unit: &str) -> String {
    let known = if loc.ends_with("memorySize") {
        Some("Lambda memory is 128 to 10240 MB")
    } else if loc.ends_with("timeout") {
        Some("Lambda timeout is 1 to 900 seconds")
    } else {
        None
    };
    if let Some(k) = known {
        return k.into();
    }
    let what = match unit {
        "length" => "characters",
        "items" => "items",
        "keys" => "keys",
        _ => "",
    };
    match (min, max) {
        (Some(m), _) => format!("use at least {m} {what}").trim_end().to_string(),
        (_, Some(m)) => format!("use at most {m} {what}").trim_end().to_string(),
        _ => String::new(),
    }
}

//! `- cloudwatchLog:` → [`CloudwatchLog`] (SF v3 `cloud-watch-log.js`): a log group name, or
//! `{logGroup, filter}`. Line breaks are dropped from both; the name goes through SF's JSON
//! text ([`super::sf_text`]); the filter gets SF's one unescaping. The limit of two filters per
//! log group is `check`'s.

use super::sf_text;
use crate::ir::events::EventOrigin;
use crate::ir::events::cloudwatch_log::CloudwatchLog;
use crate::ir::lower::LowerContext;
use crate::ir::lower::shape::{str_at, string, wrong};
use crate::load::{Node, Value};

/// The event, or `None` when there is none (a falsy value, which SF skips) or it cannot be
/// compiled (reported).
pub fn lower(cx: &mut LowerContext, origin: EventOrigin, value: &Node) -> Option<CloudwatchLog> {
    // `if (event.cloudwatchLog)`
    if !value.is_truthy() {
        return None;
    }
    let d = &mut cx.diags;
    let (group_node, filter) = match &value.value {
        Value::Map(_) => {
            let Some(group) = value.get("logGroup").filter(|g| !g.is_null()) else {
                wrong(
                    d,
                    value,
                    "cloudwatchLog",
                    "a log group name or `{logGroup, filter}`",
                );
                return None;
            };
            (group, str_at(d, value, "filter").unwrap_or_default())
        }
        Value::Seq(_) => {
            wrong(
                d,
                value,
                "cloudwatchLog",
                "a log group name or `{logGroup, filter}`",
            );
            return None;
        }
        _ => (value, String::new()),
    };
    let group = string(d, Some(group_node), "logGroup")?;
    let log_group = sf_text::decode_or_report(
        d,
        &sf_text::drop_line_breaks(&group),
        "the log group's name",
        group_node.span,
    )?;
    Some(CloudwatchLog {
        origin,
        log_group,
        filter_pattern: unescape_filter(&sf_text::drop_line_breaks(&filter)),
    })
}

/// SF "unescapes quotes once when the first quote is detected escaped": when a backslash
/// comes before the first `"`, every `\"`, `\\` and `\'` loses its backslash.
fn unescape_filter(filter: &str) -> String {
    let (Some(slash), Some(quote)) = (filter.find('\\'), filter.find('"')) else {
        return filter.to_string();
    };
    if quote < slash {
        return filter.to_string();
    }
    let mut out = String::with_capacity(filter.len());
    let mut chars = filter.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next @ ('"' | '\\' | '\'')) = chars.peek()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unescape_filter;

    #[test]
    fn filters_are_unescaped_once_when_a_backslash_comes_first() {
        assert_eq!(
            unescape_filter(r#"{$.level = \"error\"}"#),
            r#"{$.level = "error"}"#
        );
        assert_eq!(unescape_filter(r#"a \\\' b \"c"#), r#"a \' b "c"#);
        // the first quote is not escaped: left alone
        assert_eq!(unescape_filter(r#""a" \"b\""#), r#""a" \"b\""#);
        assert_eq!(unescape_filter(r"no quote \d"), r"no quote \d");
    }
}

//! Identity sources: `method.request.header.X`, `method.request.querystring.X` (and their
//! `multivalue` forms), `method.request.path.X`, `stageVariables.X` and `context.X`, parsed
//! once at start and read from each request. A missing or empty value means 401 without
//! invoking the authorizer; the values together are the cache key.

use crate::emulate::gateway::proxy_event::EventContext;
use crate::emulate::gateway::request::Incoming;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Header(String),
    MultiHeader(String),
    Query(String),
    MultiQuery(String),
    Path(String),
    StageVariable(String),
    /// `context.<path>`, e.g. `identity.sourceIp`, `httpMethod`.
    Context(String),
}

/// Parses a comma-separated identity source list.
pub fn parse(spec: &str) -> Result<Vec<Source>, String> {
    spec.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let source = if let Some(rest) = s.strip_prefix("method.request.") {
                let (loc, name) = rest
                    .split_once('.')
                    .ok_or_else(|| format!("`{s}` names no parameter"))?;
                let name = name.to_string();
                match loc {
                    "header" => Source::Header(name),
                    "multivalueheader" => Source::MultiHeader(name),
                    "querystring" => Source::Query(name),
                    "multivaluequerystring" => Source::MultiQuery(name),
                    "path" => Source::Path(name),
                    _ => return Err(format!("`{s}` is not an identity source")),
                }
            } else if let Some(name) = s.strip_prefix("stageVariables.") {
                Source::StageVariable(name.to_string())
            } else if let Some(path) = s.strip_prefix("context.") {
                Source::Context(path.to_string())
            } else {
                return Err(format!("`{s}` is not an identity source"));
            };
            Ok(source)
        })
        .collect()
}

/// The value of one source, `None` when missing or empty.
pub fn value(req: &Incoming, cx: &EventContext, source: &Source) -> Option<String> {
    let v = match source {
        Source::Header(n) => req.header(n).map(str::to_string),
        Source::MultiHeader(n) => join(
            req.headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(n))
                .map(|(_, v)| v.as_str()),
        ),
        Source::Query(n) => req
            .query
            .iter()
            .rev()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone()),
        Source::MultiQuery(n) => join(
            req.query
                .iter()
                .filter(|(k, _)| k == n)
                .map(|(_, v)| v.as_str()),
        ),
        Source::Path(n) => cx
            .path_params
            .iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone()),
        // The emulated stage has no stage variables.
        Source::StageVariable(_) => None,
        Source::Context(p) => match p.as_str() {
            "httpMethod" => Some(req.method.clone()),
            "path" => Some(req.raw_path.clone()),
            "resourcePath" => Some(cx.resource_path.to_string()),
            "stage" => Some(cx.stage.to_string()),
            "apiId" => Some(cx.api_id.to_string()),
            "accountId" => Some(cx.account_id.to_string()),
            "requestId" => Some(req.request_id.clone()),
            "identity.sourceIp" => Some(req.source_ip.clone()),
            "identity.userAgent" => req.header("user-agent").map(str::to_string),
            _ => None,
        },
    };
    v.filter(|s| !s.is_empty())
}

fn join<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let all: Vec<&str> = values.collect();
    (!all.is_empty()).then(|| all.join(","))
}

/// All values joined as the cache key, or `None` when one is missing.
pub fn key(req: &Incoming, cx: &EventContext, sources: &[Source]) -> Option<String> {
    let mut out = String::new();
    for s in sources {
        out.push_str(&value(req, cx, s)?);
        out.push('\u{1f}');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::time::SystemTime;

    fn req() -> Incoming {
        Incoming {
            method: "GET".into(),
            raw_path: "/dev/items/7".into(),
            path: "/items/7".into(),
            raw_query: "t=1&t=2&e=".into(),
            query: vec![
                ("t".into(), "1".into()),
                ("t".into(), "2".into()),
                ("e".into(), "".into()),
            ],
            headers: vec![
                ("X-Token".into(), "abc".into()),
                ("x-multi".into(), "a".into()),
                ("X-Multi".into(), "b".into()),
                ("X-Empty".into(), "".into()),
            ],
            body: Bytes::new(),
            source_ip: "10.1.2.3".into(),
            local_port: 3000,
            request_id: "r".into(),
            time: SystemTime::now(),
        }
    }

    #[test]
    fn sources_parse_and_read() {
        let sources = parse(
            "method.request.header.x-token, method.request.querystring.t, \
             method.request.multivalueheader.X-Multi, method.request.multivaluequerystring.t, \
             method.request.path.id, context.identity.sourceIp, context.httpMethod",
        )
        .unwrap();
        let r = req();
        let params = vec![("id".to_string(), "7".to_string())];
        let cx = EventContext {
            stage: "dev",
            resource_path: "/items/{id}",
            path_params: &params,
            api_id: "a",
            account_id: "1",
            resource_id: String::new(),
            binary_media_types: &[],
            operation_name: None,
            api_key: None,
            api_key_id: None,
            authorizer: None,
        };
        let got: Vec<Option<String>> = sources.iter().map(|s| value(&r, &cx, s)).collect();
        let want = ["abc", "2", "a,b", "1,2", "7", "10.1.2.3", "GET"];
        assert_eq!(got, want.map(|s| Some(s.to_string())));
        assert!(key(&r, &cx, &sources).is_some());
        for missing in [
            "method.request.header.X-Empty",
            "method.request.header.Authorization",
            "method.request.querystring.e",
            "stageVariables.v",
            "context.nope",
        ] {
            let s = parse(missing).unwrap();
            assert_eq!(key(&r, &cx, &s), None, "{missing}");
        }
        for bad in ["header.X", "method.request.body.x", "method.request.header"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}

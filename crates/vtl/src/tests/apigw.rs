//! Golden tests of API Gateway's template objects (`$input`, `$util`, `$context`,
//! `$stageVariables`) and of the overrides read back after rendering, including the CORS
//! multi-origin response template Serverless Framework v3 generates.

use indexmap::IndexMap;

use crate::{Context, Template};

fn map(pairs: &[(&str, &str)]) -> IndexMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn request() -> Context {
    Context {
        body: r#"{"a": {"b": "x"}, "list": [1, 2, 3], "k": true, "objs": [{"c": 5}]}"#.into(),
        path: map(&[("id", "42")]),
        querystring: map(&[("q", "search"), ("id", "shadowed")]),
        header: map(&[
            ("Host", "example.com"),
            ("Origin", "https://app.example.org"),
        ]),
        context: serde_json::json!({
            "requestId": "req-1",
            "stage": "dev",
            "httpMethod": "POST",
            "resourcePath": "/items/{id}",
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "curl/8.0"},
            "authorizer": {"principalId": "user-1", "claims": {"sub": "abc", "cognito:username": "ann"}}
        }),
        stage_variables: map(&[("env", "test")]),
        variables: serde_json::from_str(r#"{"s": "it's \"q\" / \\ é\n\t"}"#).unwrap(),
    }
}

#[test]
fn input_util_context() {
    let rows: &[(&str, &str, &str)] = &[
        (
            "body is raw",
            "$input.body",
            r#"{"a": {"b": "x"}, "list": [1, 2, 3], "k": true, "objs": [{"c": 5}]}"#,
        ),
        (
            "json root is compact",
            "$input.json('$')",
            r#"{"a":{"b":"x"},"list":[1,2,3],"k":true,"objs":[{"c":5}]}"#,
        ),
        (
            "json path",
            "$input.json('$.a') $input.json('$.a.b') $input.json('$.list[1]') $input.json(\"$['k']\")",
            r#"{"b":"x"} "x" 2 true"#,
        ),
        ("json missing", "$input.json('$.nope')", r#""""#),
        ("json wildcard", "$input.json('$.objs[*].c')", "[5]"),
        (
            "path navigates",
            "$input.path('$').a.b $input.path('$.list').size() $input.path('$.list')[0]",
            "x 3 1",
        ),
        (
            "path iterates",
            "#foreach($n in $input.path('$.list'))$n;#end",
            "1;2;3;",
        ),
        (
            "path prints maps Java-style and lists as JSON",
            "$input.path('$')",
            "{a={b=x}, list=[1,2,3], k=true, objs=[{\"c\":5}]}",
        ),
        ("path missing is empty", "[$input.path('$.nope')]", "[]"),
        (
            "params by name: path, query, header",
            "$input.params('id') $input.params('q') $input.params('Host') [$input.params('nope')]",
            "42 search example.com []",
        ),
        (
            "params map",
            "$input.params().header.get('Host') $input.params().path $input.params().keySet()",
            "example.com {id=42} [path, querystring, header]",
        ),
        (
            "context",
            "$context.requestId $context.stage $context.httpMethod $context.resourcePath $context.identity.sourceIp",
            "req-1 dev POST /items/{id} 203.0.113.7",
        ),
        (
            "authorizer",
            "$context.authorizer.principalId $context.authorizer.claims.sub $context.authorizer.claims['cognito:username']",
            "user-1 abc ann",
        ),
        (
            "unset context values are empty",
            "[$context.authorizer.claims.email][$context.nope.deeper]",
            "[][]",
        ),
        (
            "stage variables",
            "$stageVariables.env $stageVariables['env'] [$stageVariables.nope]",
            "test test []",
        ),
        (
            "escapeJavaScript",
            "$util.escapeJavaScript($s)",
            r#"it\'s \"q\" \/ \\ \u00E9\n\t"#,
        ),
        (
            "escapeJavaScript then unescape quote",
            "$util.escapeJavaScript($s).replaceAll(\"\\\\'\", \"'\")",
            r#"it's \"q\" \/ \\ \u00E9\n\t"#,
        ),
        (
            "escapeJavaScript null",
            "#set($v = 'prev')#set($v = $util.escapeJavaScript($nope))$v",
            "prev",
        ),
        (
            "url coding",
            "$util.urlEncode('a b&c=d/é') $util.urlDecode('a+b%26c%3D%C3%A9')",
            "a+b%26c%3Dd%2F%C3%A9 a b&c=é",
        ),
        (
            "base64",
            "$util.base64Encode('hello é') $util.base64Decode('aGVsbG8gw6k=')",
            "aGVsbG8gw6k= hello é",
        ),
        (
            "parseJson (AWS doc example)",
            "#set($o = $util.parseJson('{\"key2\":{\"arr\":[1,2,3]}}'))$o.key2.arr[0] $o.key2.arr",
            "1 [1, 2, 3]",
        ),
    ];
    let ctx = request();
    let mut failures = Vec::new();
    for (name, src, want) in rows {
        let got = Template::parse(src)
            .and_then(|t| t.render(&ctx))
            .unwrap_or_else(|e| format!("<error {e}>"));
        if got != *want {
            failures.push(format!(
                "{name}: {src:?}\n   want {want:?}\n   got  {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn body_forms() {
    let render = |body: &str, src: &str| {
        let ctx = Context {
            body: body.into(),
            ..Context::default()
        };
        Template::parse(src).and_then(|t| t.render(&ctx))
    };
    assert_eq!(
        render("", "$input.json('$') $input.path('$')").unwrap(),
        "{} {}"
    );
    assert_eq!(
        render("a=1&b=2", "$input.path('$').split('&')").unwrap(),
        "[a=1, b=2]"
    );
    assert_eq!(render("a=1", "$input.json('$')").unwrap(), "\"a=1\"");
    let err = render("{\"a\": ", "$input.json('$')").unwrap_err();
    assert!(
        err.message
            .contains("Could not parse request body into json"),
        "{err}"
    );
    assert_eq!(render("{\"a\": ", "$input.body").unwrap(), "{\"a\": ");
}

#[test]
fn overrides_are_read_back() {
    let t = Template::parse(concat!(
        "#set($context.responseOverride.status = 418)\n",
        "#set($context.responseOverride.header.X-Custom = \"v-$input.params('id')\")\n",
        "#set($context.requestOverride.header.X-Up = 'up')\n",
        "#set($context.requestOverride.querystring.page = 2)\n",
        "done",
    ))
    .unwrap();
    let r = t.render_full(&request()).unwrap();
    assert_eq!(r.output, "done");
    assert_eq!(r.overrides.status.as_deref(), Some("418"));
    assert_eq!(r.overrides.response_headers, map(&[("X-Custom", "v-42")]));
    assert_eq!(r.overrides.request_headers, map(&[("X-Up", "up")]));
    assert_eq!(r.overrides.request_querystring, map(&[("page", "2")]));
    assert!(r.overrides.request_path.is_empty());
    let none = Template::parse("x")
        .unwrap()
        .render_full(&request())
        .unwrap();
    assert_eq!(none.overrides, Default::default());
}

/// Serverless Framework v3's CORS response template for several origins.
const CORS: &str = concat!(
    "#set($origin = $input.params(\"Origin\"))\n",
    "#if($origin == \"\") #set($origin = $input.params(\"origin\")) #end\n",
    "#if($origin.matches(\"https://.+[.]example[.]com\") || $origin.matches(\"https://app[.]example[.]org\")) ",
    "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin) #end",
);

#[test]
fn cors_multi_origin_template() {
    let t = Template::parse(CORS).unwrap();
    // (header name, origin, expected output, expected override)
    let cases: &[(&str, &str, &str, Option<&str>)] = &[
        (
            "Origin",
            "https://app.example.org",
            " ",
            Some("https://app.example.org"),
        ),
        (
            "Origin",
            "https://shop.example.com",
            " ",
            Some("https://shop.example.com"),
        ),
        (
            "origin",
            "https://a.example.com",
            "  ",
            Some("https://a.example.com"),
        ),
        ("Origin", "https://evil.com", "", None),
        ("Origin", "https://example.com", "", None),
        ("X-Other", "x", " ", None),
    ];
    for (name, origin, out, allowed) in cases {
        let ctx = Context {
            header: map(&[(name, origin)]),
            ..Context::default()
        };
        let r = t.render_full(&ctx).unwrap();
        assert_eq!(r.output, *out, "{name}: {origin}");
        let got = r
            .overrides
            .response_headers
            .get("Access-Control-Allow-Origin")
            .map(String::as_str);
        assert_eq!(got, *allowed, "{name}: {origin}");
    }
}

#[test]
fn response_template_patterns() {
    let lambda_result =
        r#"{"statusCode":409,"errorMessage":"{\"statusCode\":409,\"msg\":\"taken\"}"}"#;
    let ctx = Context {
        body: lambda_result.into(),
        ..Context::default()
    };
    let render = |src: &str| Template::parse(src).and_then(|t| t.render(&ctx)).unwrap();
    assert_eq!(
        render("$input.path(\"$.errorMessage\")"),
        r#"{"statusCode":409,"msg":"taken"}"#
    );
    assert_eq!(
        render("#set($e = $util.parseJson($input.path('$.errorMessage')))$e.msg"),
        "taken"
    );
    assert_eq!(
        render("$input.path('$')"),
        r#"{statusCode=409, errorMessage={"statusCode":409,"msg":"taken"}}"#
    );
    assert_eq!(
        render("{\"data\": $input.json('$.statusCode')}"),
        "{\"data\": 409}"
    );
}

/// `$context` is built on first use; shadowing it with a loop variable or a macro parameter,
/// replacing it, and rendering over another body behave as if it had been there all along.
#[test]
fn context_is_built_on_demand_with_velocity_semantics() {
    let rows: &[(&str, &str)] = &[
        ("$context.stage", "dev"),
        (
            "#foreach($context in [1, 2])$context#end $context.stage",
            "12 dev",
        ),
        (
            "#foreach($context in [$null])[$context]#end #foreach($x in [$null])[$x]#end",
            "[] [$x]",
        ),
        (
            "#macro(show $context)<$context>#end#show('m') $context.requestId",
            "<m> req-1",
        ),
        ("#set($context = 'x')$context", "x"),
        ("#set($c = $context)$c.identity.sourceIp", "203.0.113.7"),
    ];
    let ctx = request();
    for (src, want) in rows {
        let t = Template::parse(src).unwrap();
        assert!(t.may_read_context(), "{src}");
        assert_eq!(t.render(&ctx).unwrap(), *want, "{src}");
    }
    let t = Template::parse("$input.params('id') $input.params().header.Host").unwrap();
    assert!(t.may_read_params() && !t.may_read_context());
    assert_eq!(t.render(&request()).unwrap(), "42 example.com");
    let t = Template::parse("$input.json('$.a.b') $util.urlEncode('a b')").unwrap();
    assert!(!t.may_read_context() && !t.may_read_params());
    let without_tree = Context {
        context: serde_json::Value::Null,
        ..request()
    };
    assert_eq!(t.render(&without_tree).unwrap(), r#""x" a+b"#);
    let over = t
        .render_over(&without_tree, r#"{"a": {"b": "other"}}"#)
        .unwrap();
    assert_eq!(over.output, r#""other" a+b"#);
    let t = Template::parse("#set($context.responseOverride.status = 401)").unwrap();
    assert_eq!(
        t.render_full(&request())
            .unwrap()
            .overrides
            .status
            .as_deref(),
        Some("401")
    );
}

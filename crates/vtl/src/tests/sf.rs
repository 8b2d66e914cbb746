//! Serverless Framework v3's default `integration: lambda` request templates (JSON and
//! form-urlencoded), rendered for a realistic request. The expected outputs are written out
//! by hand from Velocity 1.7's whitespace rules (a `#set` keeps the blanks before it unless it
//! starts right after another directive's consumed line break; a directive's `)`, `#else` and
//! `#end` consume the blanks and line break after them) and API Gateway's objects.

use indexmap::IndexMap;

use crate::{Context, Template};

/// `application/json` default request template (JSON-escaped, as in the CloudFormation output).
const SF_JSON: &str = r##""\n    #set( $body = $input.json(\"$\") )\n\n    \n  #define( $loop )\n    {\n    #foreach($key in $map.keySet())\n        #set( $k = $util.escapeJavaScript($key) )\n        #set( $v = $util.escapeJavaScript($map.get($key)).replaceAll(\"\\\\'\", \"'\") )\n        \"$k\":\n          \"$v\"\n          #if( $foreach.hasNext ) , #end\n    #end\n    }\n  #end\n\n  {\n    \"body\": $body,\n    \"method\": \"$context.httpMethod\",\n    \"principalId\": \"$context.authorizer.principalId\",\n    \"stage\": \"$context.stage\",\n\n    \"cognitoPoolClaims\" : {\n       \n       \"sub\": \"$context.authorizer.claims.sub\"\n    },\n\n    #set( $map = $context.authorizer )\n    \"enhancedAuthContext\": $loop,\n\n    #set( $map = $input.params().header )\n    \"headers\": $loop,\n\n    #set( $map = $input.params().querystring )\n    \"query\": $loop,\n\n    #set( $map = $input.params().path )\n    \"path\": $loop,\n\n    #set( $map = $context.identity )\n    \"identity\": $loop,\n\n    #set( $map = $stageVariables )\n    \"stageVariables\": $loop,\n\n    \"requestPath\": \"$context.resourcePath\"\n  }\n\n  ""##;

/// `application/x-www-form-urlencoded` default request template (JSON-escaped).
const SF_FORM: &str = r##""\n    #define( $body )\n      {\n      #foreach( $token in $input.path('$').split('&') )\n        #set( $keyVal = $token.split('=') )\n        #set( $keyValSize = $keyVal.size() )\n        #if( $keyValSize >= 1 )\n          #set( $key = $util.escapeJavaScript($util.urlDecode($keyVal[0])) )\n          #if( $keyValSize >= 2 )\n            #set($val = $util.escapeJavaScript($util.urlDecode($keyVal[1])).replaceAll(\"\\\\'\",\"'\"))\n          #else\n            #set( $val = '' )\n          #end\n          \"$key\": \"$val\"#if($foreach.hasNext),#end\n        #end\n      #end\n      }\n    #end\n\n    \n  #define( $loop )\n    {\n    #foreach($key in $map.keySet())\n        #set( $k = $util.escapeJavaScript($key) )\n        #set( $v = $util.escapeJavaScript($map.get($key)).replaceAll(\"\\\\'\", \"'\") )\n        \"$k\":\n          \"$v\"\n          #if( $foreach.hasNext ) , #end\n    #end\n    }\n  #end\n\n  {\n    \"body\": $body,\n    \"method\": \"$context.httpMethod\",\n    \"principalId\": \"$context.authorizer.principalId\",\n    \"stage\": \"$context.stage\",\n\n    \"cognitoPoolClaims\" : {\n       \n       \"sub\": \"$context.authorizer.claims.sub\"\n    },\n\n    #set( $map = $context.authorizer )\n    \"enhancedAuthContext\": $loop,\n\n    #set( $map = $input.params().header )\n    \"headers\": $loop,\n\n    #set( $map = $input.params().querystring )\n    \"query\": $loop,\n\n    #set( $map = $input.params().path )\n    \"path\": $loop,\n\n    #set( $map = $context.identity )\n    \"identity\": $loop,\n\n    #set( $map = $stageVariables )\n    \"stageVariables\": $loop,\n\n    \"requestPath\": \"$context.resourcePath\"\n  }\n\n  ""##;

fn template(escaped: &str) -> Template {
    let src: String = serde_json::from_str(escaped).unwrap();
    Template::parse(&src).unwrap()
}

fn map(pairs: &[(&str, &str)]) -> IndexMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn request(body: &str, content_type: &str) -> Context {
    Context {
        body: body.into(),
        header: map(&[("Content-Type", content_type), ("X-Note", "it's \"q\"")]),
        querystring: map(&[("verbose", "true")]),
        path: map(&[("id", "42")]),
        context: serde_json::json!({
            "httpMethod": "POST",
            "stage": "dev",
            "resourcePath": "/users/{id}",
            "authorizer": {},
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "curl/8.0"}
        }),
        ..Context::default()
    }
}

/// Everything after the `"body": ` value, shared by both templates.
const AFTER_BODY: &str = concat!(
    ",\n",
    "    \"method\": \"POST\",\n",
    "    \"principalId\": \"\",\n",
    "    \"stage\": \"dev\",\n",
    "\n",
    "    \"cognitoPoolClaims\" : {\n",
    "       \n",
    "       \"sub\": \"\"\n",
    "    },\n",
    "\n",
    // `    #set( $map = $context.authorizer )`: its indentation stays, its line break goes.
    "    ",
    "    \"enhancedAuthContext\": ",
    // $loop over an empty map: "    {\n    " + "    }\n  "
    "    {\n        }\n  ",
    ",\n\n    ",
    "    \"headers\": ",
    "    {\n    ",
    "        \"Content-Type\":\n          \"application\\/json\"\n          ",
    " , ",
    "    ",
    "        \"X-Note\":\n          \"it's \\\"q\\\"\"\n          ",
    "    ",
    "    }\n  ",
    ",\n\n    ",
    "    \"query\": ",
    "    {\n    ",
    "        \"verbose\":\n          \"true\"\n          ",
    "    ",
    "    }\n  ",
    ",\n\n    ",
    "    \"path\": ",
    "    {\n    ",
    "        \"id\":\n          \"42\"\n          ",
    "    ",
    "    }\n  ",
    ",\n\n    ",
    "    \"identity\": ",
    "    {\n    ",
    "        \"sourceIp\":\n          \"203.0.113.7\"\n          ",
    " , ",
    "    ",
    "        \"userAgent\":\n          \"curl\\/8.0\"\n          ",
    "    ",
    "    }\n  ",
    ",\n\n    ",
    "    \"stageVariables\": ",
    "    {\n        }\n  ",
    ",\n\n",
    "    \"requestPath\": \"/users/{id}\"\n",
    "  }\n",
    "\n",
    "  ",
);

#[test]
fn sf_default_json_template() {
    let out = template(SF_JSON)
        .render(&request(
            r#"{"name":"Ann","tags":["a","b"]}"#,
            "application/json",
        ))
        .unwrap();
    let expected = [
        // Line 1: the text before `#set` stays; the `#set` and its line break go.
        "\n    ",
        // Lines 2-4 up to `#define( $loop )`, whose line break goes; the block renders nothing.
        "\n    \n  ",
        "\n  {\n",
        "    \"body\": {\"name\":\"Ann\",\"tags\":[\"a\",\"b\"]}",
        AFTER_BODY,
    ]
    .concat();
    assert_eq!(out, expected);
    let v: serde_json::Value = serde_json::from_str(&out).expect("renders valid JSON");
    assert_eq!(v["body"]["tags"][1], "b");
    assert_eq!(v["headers"]["X-Note"], "it's \"q\"");
    assert_eq!(v["identity"]["userAgent"], "curl/8.0");
    assert_eq!(v["path"]["id"], "42");
    assert_eq!(v["enhancedAuthContext"], serde_json::json!({}));
}

#[test]
fn sf_default_form_template() {
    let body = "name=Ann+Lee&city=K%C3%B6ln&flag";
    let out = template(SF_FORM)
        .render(&request(body, "application/x-www-form-urlencoded"))
        .unwrap();
    // One #foreach iteration: 8 blanks (before the outer #if), 10 (before the inner #if),
    // 10 (before #else or #end, whichever branch ran), then the pair line, then 8 and 6
    // blanks before the two #end.
    let lead = " ".repeat(38);
    let tail = " ".repeat(14);
    let expected = [
        "\n    ",
        // `#define( $body )` ... `#end`: the block.
        "\n    \n  ",
        "\n  {\n",
        "    \"body\": ",
        "      {\n      ",
        &lead,
        "\"name\": \"Ann Lee\"",
        ",",
        &tail,
        &lead,
        "\"city\": \"K\\u00F6ln\"",
        ",",
        &tail,
        &lead,
        "\"flag\": \"\"",
        &tail,
        "      }\n    ",
        AFTER_BODY,
    ]
    .concat()
    .replace(
        "\"Content-Type\":\n          \"application\\/json\"",
        "\"Content-Type\":\n          \"application\\/x-www-form-urlencoded\"",
    );
    assert_eq!(out, expected);
    let v: serde_json::Value = serde_json::from_str(&out).expect("renders valid JSON");
    assert_eq!(
        v["body"],
        serde_json::json!({"name": "Ann Lee", "city": "Köln", "flag": ""})
    );
}

#[test]
fn sf_json_template_null_values_repeat_previous() {
    // Velocity 1.7: `#set` with a null value leaves the variable as it was, so a null identity
    // field repeats the previous value. API Gateway sends empty strings, so the emulator must too.
    let mut ctx = request("{}", "application/json");
    ctx.context["identity"] = serde_json::json!({"sourceIp": "1.2.3.4", "user": null});
    let out = template(SF_JSON).render(&ctx).unwrap();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["identity"],
        serde_json::json!({"sourceIp": "1.2.3.4", "user": "1.2.3.4"})
    );
    assert_eq!(v["body"], serde_json::json!({}));
}

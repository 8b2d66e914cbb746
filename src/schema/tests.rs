//! Schema tests: the checked-in schema is current and compiles; broken configurations give
//! the right code, words and place; SF v3's coercions and validation modes are honoured.

use super::*;
use crate::diag::render;
use crate::load::load_bytes;
use std::path::Path;

fn run(text: &str) -> (Diagnostics, SourceMap) {
    let mut sm = SourceMap::new();
    let loaded = load_bytes(Path::new("serverless.yml"), text.as_bytes(), &mut sm).unwrap();
    let d = validate_with_mode(&loaded.root, &sm, Mode::Error);
    (d, sm)
}

fn lines(text: &str) -> Vec<String> {
    let (d, sm) = run(text);
    d.iter().map(|d| render::short(d, &sm)).collect()
}

const HEAD: &str = "service: demo\nprovider:\n  name: aws\n";

/// Both checked-in schemas, the strict one and its editor flavour, are what the generator makes
/// of the config types today.
#[test]
fn schema_file_is_current() {
    let files = [
        (SCHEMA_FILE, schema_text()),
        (EDITOR_SCHEMA_FILE, editor_schema_text()),
    ];
    for (file, want) in files {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            generate::write_text(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{file} is stale; regenerate it with `UPDATE_SCHEMA=1 cargo test --lib schema::tests::schema_file_is_current`"
        );
    }
}

#[test]
fn schema_compiles_with_jsonschema() {
    assert!(compiled().validator.is_some(), "{:?}", compiled().problem);
    let v: Value = serde_json::from_str(&schema_text()).unwrap();
    assert!(jsonschema::validator_for(&v).is_ok());
}

/// The keywords of `schema` (not the names under `properties`, `patternProperties`, `$defs`),
/// with the JSON pointer of each use.
fn keywords(schema: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match schema {
        Value::Object(m) => {
            for (k, v) in m {
                out.push((k.clone(), at.to_owned()));
                let here = format!("{at}/{k}");
                match (k.as_str(), v) {
                    ("properties" | "patternProperties" | "$defs", Value::Object(named)) => {
                        for (name, sub) in named {
                            keywords(sub, &format!("{here}/{name}"), out);
                        }
                    }
                    ("enum" | "const" | "required" | "description" | "title", _) => {}
                    _ => keywords(v, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, sub) in items.iter().enumerate() {
                keywords(sub, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_schema_uses_only_keywords_that_draft_7_reads_as_2020_12_does() {
    let schema: Value = serde_json::from_str(&schema_text()).unwrap();
    let mut used = Vec::new();
    keywords(&schema, "", &mut used);
    assert!(used.len() > 500, "the walk found the keywords");
    let odd: Vec<_> = used
        .iter()
        .filter(|(k, _)| !SAME_IN_DRAFT_7.contains(&k.as_str()))
        .collect();
    assert!(
        odd.is_empty(),
        "keywords draft 7 may read otherwise: {odd:?}"
    );
    // `items` as an array is a tuple in draft 7 and an error in 2020-12 (`prefixItems`)
    let tuples: Vec<_> = used
        .iter()
        .filter(|(k, at)| {
            k == "items"
                && schema
                    .pointer(&format!("{at}/items"))
                    .is_some_and(Value::is_array)
        })
        .collect();
    assert!(tuples.is_empty(), "{tuples:?}");
    // a `$ref`'s siblings are ignored by draft 7: only annotations may stand beside one
    for (k, at) in used.iter().filter(|(k, _)| k == "$ref") {
        let node = schema.pointer(at).and_then(Value::as_object).unwrap();
        let siblings: Vec<_> = node
            .keys()
            .filter(|s| *s != k && *s != "description")
            .collect();
        assert!(siblings.is_empty(), "{at}: {siblings:?} beside $ref");
    }
}

#[test]
fn draft_7_finds_what_2020_12_finds_in_every_broken_config() {
    let schema = &compiled().schema;
    let strict = jsonschema::validator_for(schema).unwrap();
    let ours = compiled().validator.as_ref().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut texts: Vec<String> = BROKEN
        .iter()
        .map(|(tail, ..)| {
            if tail.starts_with("service:") {
                tail.to_string()
            } else {
                format!("{HEAD}{tail}")
            }
        })
        .collect();
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let file = entry.unwrap().path().join("serverless.yml");
        if let Ok(text) = std::fs::read_to_string(file) {
            texts.push(text);
        }
    }
    assert!(texts.len() > BROKEN.len() + 15);
    let mut with_errors = 0;
    for text in &texts {
        let mut sm = SourceMap::new();
        let Ok(loaded) = load_bytes(Path::new("serverless.yml"), text.as_bytes(), &mut sm) else {
            continue;
        };
        let mut instance = loaded.root.to_json();
        strip_nulls(&mut instance);
        let errors = |v: &jsonschema::Validator| {
            let mut e: Vec<String> = v
                .iter_errors(&instance)
                .map(|e| format!("{} {} {e}", e.instance_path(), e.schema_path()))
                .collect();
            e.sort();
            e
        };
        let found = errors(&strict);
        with_errors += usize::from(!found.is_empty());
        assert_eq!(errors(ours), found, "for:\n{text}");
    }
    assert!(
        with_errors >= BROKEN.len() / 2,
        "{with_errors} configs with errors"
    );
}

#[test]
fn minimal_config_is_clean() {
    assert_eq!(lines(HEAD), Vec::<String>::new());
}

/// (yaml after HEAD, code, message fragment, line, column)
const BROKEN: &[(&str, &str, &str, usize, usize)] = &[
    (
        "functions:\n  hello:\n    handlr: h.main\n",
        codes::SCHEMA_UNKNOWN_KEY,
        "functions.hello.handlr: unknown key `handlr`",
        6,
        5,
    ),
    (
        "functions:\n  hello:\n    handler: h.main\n    events:\n      - http:\n          path: x\n          method: FETCH\n",
        codes::SCHEMA_ENUM,
        "functions.hello.events[0].http.method: \"FETCH\" is not one of *, GET, POST",
        10,
        19,
    ),
    (
        "functions:\n  hello:\n    handler: h.main\n    events:\n      - http: FETCH /x\n",
        codes::SCHEMA_PATTERN,
        "functions.hello.events[0].http: \"FETCH /x\" is not a valid `METHOD /path` shorthand",
        8,
        15,
    ),
    (
        "functions:\n  hello:\n    handler: h.main\n    events:\n      - http:\n          method: get\n",
        codes::SCHEMA_REQUIRED,
        "functions.hello.events[0].http: missing required key `path`",
        9,
        11,
    ),
    (
        "functions:\n  hello:\n    handler: h.main\n    events:\n      - htpp: GET /\n",
        codes::SCHEMA_UNKNOWN_KEY,
        "functions.hello.events[0].htpp: unknown event type `htpp`",
        8,
        9,
    ),
    (
        "functions:\n  hello:\n    handler: h.main\n    events:\n      - http: 42\n",
        codes::SCHEMA_PATTERN,
        "functions.hello.events[0].http: 42 is not a valid `METHOD /path` shorthand",
        8,
        15,
    ),
    (
        "functions:\n  hello:\n    handler: h.main\n    events:\n      - http: {path: x, method: get, cors: maybe}\n",
        codes::SCHEMA_TYPE,
        "functions.hello.events[0].http.cors: expected a boolean (true or false) or a mapping, found a string",
        8,
        44,
    ),
    (
        "functions:\n  hello:\n    handler: h.main\n    events:\n      - http:\n          path: x\n          method: get\n          integration: lambda-proxi\n",
        codes::SCHEMA_ENUM,
        "functions.hello.events[0].http.integration: \"lambda-proxi\" is not one of LAMBDA_PROXY",
        11,
        24,
    ),
    (
        "functions:\n  hello:\n    handler: h.main\n    events:\n      - http:\n          path: x\n          method: get\n          response:\n            statusCodes:\n              20x: {pattern: ''}\n",
        codes::SCHEMA_PATTERN,
        "`20x` is not a valid key here",
        13,
        15,
    ),
    (
        "functions:\n  hello:\n    handler: h.main\n    events:\n      - http:\n          path: x\n          method: get\n          authorizer:\n            name: auth\n            resultTtlInSeconds: 7200\n",
        codes::SCHEMA_RANGE,
        "functions.hello.events[0].http.authorizer.resultTtlInSeconds: 7200 is above the maximum of 3600",
        13,
        33,
    ),
    (
        "functions:\n  hello:\n    handler: h.main\n    memorySize: 64\n",
        codes::SCHEMA_RANGE,
        "functions.hello.memorySize: 64 is below the minimum of 128",
        7,
        17,
    ),
    (
        "functions:\n  hello.world:\n    handler: h.main\n",
        codes::SCHEMA_PATTERN,
        "functions[\"hello.world\"]: `hello.world` is not a valid function name",
        5,
        3,
    ),
    (
        "  runtime: nodejs99.x\n",
        codes::SCHEMA_ENUM,
        "provider.runtime: \"nodejs99.x\" is not one of",
        4,
        12,
    ),
    (
        "  timeout: 1000\n",
        codes::SCHEMA_RANGE,
        "provider.timeout: 1000 is above the maximum of 900",
        4,
        12,
    ),
    (
        "  endpointType: global\n",
        codes::SCHEMA_ENUM,
        "provider.endpointType: \"global\" is not one of REGIONAL, EDGE, PRIVATE",
        4,
        17,
    ),
    (
        "  apiGateway:\n    binaryMedia: ['*/*']\n",
        codes::SCHEMA_UNKNOWN_KEY,
        "provider.apiGateway.binaryMedia: unknown key",
        5,
        5,
    ),
    (
        "  apiGateway:\n    minimumCompressionSize: big\n",
        codes::SCHEMA_TYPE,
        "provider.apiGateway.minimumCompressionSize: expected an integer, found a string",
        5,
        29,
    ),
    (
        "  environment:\n    1BAD: x\n",
        codes::SCHEMA_PATTERN,
        "provider.environment.1BAD: `1BAD` is not a valid environment variable name",
        5,
        5,
    ),
    (
        "  stage: 'my stage'\n",
        codes::SCHEMA_PATTERN,
        "provider.stage: \"my stage\" is not a valid stage name",
        4,
        10,
    ),
    (
        "  deploymentBucket: {name: my-bucket, bogus: 1}\n",
        codes::SCHEMA_UNKNOWN_KEY,
        "provider.deploymentBucket.bogus: unknown key",
        4,
        39,
    ),
    (
        "  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Resource: '*'\n",
        codes::SCHEMA_REQUIRED,
        "missing required key `Action`",
        7,
        11,
    ),
    (
        "service: demo\nprovider:\n  name: google\n",
        codes::SCHEMA_ENUM,
        "provider.name: \"google\" is not allowed; the only accepted value is aws",
        3,
        9,
    ),
    (
        "configValidationMode: loud\n",
        codes::SCHEMA_ENUM,
        "configValidationMode: \"loud\" is not one of error, warn, off",
        4,
        23,
    ),
    (
        "provder: {}\n",
        codes::SCHEMA_UNKNOWN_KEY,
        "provder: unknown key `provder`",
        4,
        1,
    ),
    // schedule, cloudwatchEvent, cloudwatchLog, eventBridge
    (
        "functions:\n  f:\n    handler: h.f\n    events:\n      - schedule: rate(5 minute)\n",
        codes::SCHEMA_PATTERN,
        "schedule",
        8,
        19,
    ),
    (
        "functions:\n  f:\n    handler: h.f\n    events:\n      - schedule:\n          rate: rate(1 hour)\n          method: cron\n",
        codes::SCHEMA_ENUM,
        "method",
        10,
        19,
    ),
    (
        "functions:\n  f:\n    handler: h.f\n    events:\n      - schedule:\n          rate: rate(1 hour)\n          input:\n            body: x\n            other: y\n",
        codes::SCHEMA_OTHER,
        "input",
        11,
        19,
    ),
    (
        "functions:\n  f:\n    handler: h.f\n    events:\n      - schedule:\n          rate: [rate(1 hour)]\n          enable: false\n",
        codes::SCHEMA_UNKNOWN_KEY,
        "enable",
        10,
        11,
    ),
    (
        "functions:\n  f:\n    handler: h.f\n    events:\n      - cloudwatchEvent:\n          event: {source: [a]}\n          state: off\n",
        codes::SCHEMA_UNKNOWN_KEY,
        "state",
        10,
        11,
    ),
    (
        "functions:\n  f:\n    handler: h.f\n    events:\n      - cloudwatchLog: 'my group'\n",
        codes::SCHEMA_PATTERN,
        "cloudwatchLog",
        8,
        24,
    ),
    (
        "functions:\n  f:\n    handler: h.f\n    events:\n      - eventBridge:\n          eventBus: orders\n",
        codes::SCHEMA_REQUIRED,
        "pattern",
        9,
        11,
    ),
    (
        "functions:\n  f:\n    handler: h.f\n    events:\n      - eventBridge:\n          pattern: {sources: [a]}\n",
        codes::SCHEMA_UNKNOWN_KEY,
        "sources",
        9,
        21,
    ),
    (
        "functions:\n  f:\n    handler: h.f\n    events:\n      - eventBridge:\n          schedule: rate(1 hour)\n          retryPolicy: {maximumEventAge: 30}\n",
        codes::SCHEMA_RANGE,
        "maximumEventAge",
        10,
        42,
    ),
];

#[test]
fn broken_configs_are_reported_precisely() {
    let mut failures = Vec::new();
    for (i, (tail, code, fragment, line, col)) in BROKEN.iter().enumerate() {
        let text = if tail.starts_with("service:") {
            tail.to_string()
        } else {
            format!("{HEAD}{tail}")
        };
        let (d, sm) = run(&text);
        let found = d
            .iter()
            .find(|d| d.code == *code && d.message.contains(fragment));
        match found {
            None => failures.push(format!(
                "case {i}: want {code} `{fragment}`, got {:?}",
                d.iter().map(|d| render::short(d, &sm)).collect::<Vec<_>>()
            )),
            Some(f) => {
                let (_, l, c) = sm.locate(f.span.unwrap()).unwrap();
                if *line != 0 && (l, c) != (*line, *col) {
                    failures.push(format!(
                        "case {i}: want {line}:{col}, got {l}:{c} for {}",
                        f.message
                    ));
                }
                if f.help.is_none() && !matches!(*code, codes::SCHEMA_OTHER) {
                    failures.push(format!("case {i}: no help for {}", f.message));
                }
            }
        }
        if d.0.len() != 1 {
            failures.push(format!(
                "case {i}: want exactly one finding, got {:?}",
                d.iter().map(|d| render::short(d, &sm)).collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn help_lines() {
    let cases: &[(&str, &str)] = &[
        (
            "functions:\n  hello:\n    handlr: h.main\n",
            "did you mean `handler`?",
        ),
        ("  runtime: nodejs18\n", "did you mean `nodejs18.x`?"),
        (
            "functions:\n  f:\n    handler: h\n    events:\n      - htpp: GET /\n",
            "did you mean `http`?",
        ),
        ("  memorySize: 99999\n", "128 to 10240 MB"),
        ("  endpointType: global\n", "(any letter case)"),
        (
            "service: {name: x}\n",
            "no longer accepts `service: {name: ...}`",
        ),
    ];
    for (tail, help) in cases {
        let text = if tail.starts_with("service") {
            format!("{tail}provider:\n  name: aws\n")
        } else {
            format!("{HEAD}{tail}")
        };
        let (d, _) = run(&text);
        assert!(
            d.iter()
                .any(|d| d.help.as_deref().is_some_and(|h| h.contains(help))),
            "{tail:?}: want help `{help}`, got {:?}",
            d.iter().map(|d| (&d.message, &d.help)).collect::<Vec<_>>()
        );
    }
}

#[test]
fn missing_top_level_keys_point_at_the_document() {
    let (d, sm) = run("frameworkVersion: '3'\n");
    let got: Vec<String> = d.iter().map(|d| render::short(d, &sm)).collect();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got.iter()
            .all(|l| l.starts_with("serverless.yml:1:1: error[schema::required]"))
    );
    assert!(got.iter().any(|l| l.contains("no `provider`")));
    assert!(got.iter().any(|l| l.contains("no `service`")));
}

#[test]
fn sf_coercions_and_free_sections_are_accepted() {
    let ok: &[&str] = &[
        "  memorySize: '512'\n",
        "  timeout: '6'\n",
        "  logRetentionInDays: '14'\n",
        "  versionFunctions: 'false'\n",
        "  tags:\n    owner: 42\n",
        "  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: s3:GetObject\n          Resource: '*'\n",
        "  apiGateway:\n    binaryMediaTypes: '*/*'\n",
        "  role: {Fn::GetAtt: [MyRole, Arn]}\n",
        "  environment:\n    TABLE: {Ref: Table}\n    EMPTY: ''\n",
        "  deploymentBucket: my-bucket-1\n",
        "custom:\n  anything:\n    goes: [1, 2]\n",
        "resources:\n  Resources:\n    Table:\n      Type: AWS::DynamoDB::Table\n      Properties: {A: 1}\n",
        "functions:\n  f:\n    handler: h\n    timeout: ~\n    events:\n      - sqs: arn:aws:sqs:us-east-1:123456789012:q\n      - schedule: rate(1 minute)\n      - http: get /x\n      - http: {path: '/', method: ANY, integration: LAMBDA-PROXY, authorizer: aws_iam}\n",
    ];
    for tail in ok {
        let got = lines(&format!("{HEAD}{tail}"));
        assert!(got.is_empty(), "{tail:?}: {got:?}");
    }
}

#[test]
fn coercion_does_not_accept_nonsense() {
    for tail in [
        "  memorySize: lots\n",
        "  versionFunctions: 'yes'\n",
        "  logRetentionInDays: '15'\n",
    ] {
        assert_eq!(lines(&format!("{HEAD}{tail}")).len(), 1, "{tail:?}");
    }
}

#[test]
fn modes_follow_config_validation_mode() {
    let bad = "  runtime: cobol\n";
    for (mode_line, mode, want) in [
        ("", Mode::Warn, Some(Severity::Warning)),
        (
            "configValidationMode: warn\n",
            Mode::Warn,
            Some(Severity::Warning),
        ),
        (
            "configValidationMode: error\n",
            Mode::Error,
            Some(Severity::Error),
        ),
        ("configValidationMode: off\n", Mode::Off, None),
    ] {
        let text = format!("{mode_line}{HEAD}{bad}");
        let mut sm = SourceMap::new();
        let loaded = load_bytes(Path::new("serverless.yml"), text.as_bytes(), &mut sm).unwrap();
        assert_eq!(validation_mode(&loaded.root), mode);
        let d = validate(&loaded.root, &sm);
        assert_eq!(d.iter().next().map(|d| d.severity), want, "{mode_line:?}");
        if want.is_none() {
            assert!(d.is_empty());
        }
    }
}

#[test]
fn yaml_paths_read_like_serverless_yml() {
    let text = "a:\n  - b: {c.d: 1}\n";
    let mut sm = SourceMap::new();
    let root = load_bytes(Path::new("s.yml"), text.as_bytes(), &mut sm)
        .unwrap()
        .root;
    assert_eq!(report::yaml_path(&root, "/a/0/b/c.d"), "a[0].b[\"c.d\"]");
    assert_eq!(report::yaml_path(&root, ""), "");
}

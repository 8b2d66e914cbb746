//! Fixture services built as IR by hand, compared with SF v3's templates.

use super::builders::*;
use super::fixtures::check;
use crate::cfn::{ArtifactInfo, CompileOptions, compile};
use crate::ir::*;
use indexmap::IndexMap;

pub fn assert_matches(name: &str, svc: &Service) {
    if let Err(report) = check(name, svc) {
        panic!("{report}");
    }
}

pub fn features_a() -> Service {
    let mut s = service("anchor-svc", "dev", "us-east-1", "nodejs18.x");
    let hello = function(&s, "hello-world", "handler.hello");
    let auth = function(&s, "authFn", "handler.auth");
    s.functions = vec![hello, auth];
    s.api.api_keys = vec![ApiKeyGroup {
        plan: None,
        keys: vec![
            ApiKey {
                name: Some("myFirstKey".into()),
                value: None,
                description: None,
                customer_id: None,
                enabled: None,
            },
            ApiKey {
                name: Some("secondKey".into()),
                value: Some("abcdefghijklmnopqrstuvwxyz0123".into()),
                description: None,
                customer_id: None,
                enabled: None,
            },
        ],
    }];
    s.api.usage_plans = UsagePlans::Single(UsagePlan {
        quota: Some(Quota {
            limit: Some(5000),
            offset: Some(2),
            period: Some("MONTH".into()),
        }),
        throttle: Some(Throttle {
            burst_limit: Some(200),
            rate_limit: Some(100.0),
        }),
    });
    s.api.binary_media_types = vec!["image/png".into()];
    s.api.minimum_compression_size = Some(1024);
    s.api.resource_policy = vec![json(
        r#"{"Effect":"Allow","Principal":"*","Action":["execute-api:Invoke"],"Resource":"execute-api:/*/*/*"}"#,
    )];

    let f = "hello-world";
    let root = endpoint(f, "get", "");
    let mut users = endpoint(f, "get", "users/{userId}");
    users.cors = Some(default_cors("get"));
    let mut posts = endpoint(f, "any", "users/{userId}/my-posts");
    posts.private = true;
    posts.authorizer = Some(lambda_authorizer("authFn"));
    let mut items = endpoint(f, "post", "items");
    items.integration = Integration::Aws;
    items.request.schemas.insert(
        "application/json".into(),
        ModelRef::Inline(Model {
            schema: json(
                r#"{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}"#,
            ),
            name: None,
            description: None,
        }),
    );
    let origins = vec![
        "https://*.example.com".to_string(),
        "https://app.example.org".to_string(),
    ];
    items.cors = Some(Cors {
        origin: None,
        written_origins: origins.clone(),
        origins,
        methods: vec!["OPTIONS".into(), "POST".into()],
        allow_credentials: true,
        max_age: Some(86400),
        cache_control: Some("max-age=600".into()),
        ..default_cors("post")
    });
    items.response = Some(Response {
        status_codes: default_status_codes(),
        ..Response::default()
    });
    let mut item = endpoint(f, "get", "items/{id}");
    item.integration = Integration::Aws;
    item.request
        .parameters
        .paths
        .insert("id".into(), param(true));
    item.request
        .parameters
        .querystrings
        .insert("q".into(), param(false));
    let mut conflict = status("409", r#".*"statusCode":409,.*"#);
    conflict.templates.insert(
        "application/json".into(),
        r#"$input.path("$.errorMessage")"#.into(),
    );
    item.response = Some(Response {
        headers: IndexMap::from([("Content-Type".to_owned(), "'text/html'".to_owned())]),
        template: Some("$input.path('$')".into()),
        status_codes: vec![status("201", ""), conflict],
        content_handling: None,
    });
    let mut fire = endpoint(f, "post", "fire");
    fire.integration = Integration::Aws;
    fire.is_async = true;
    fire.response = Some(Response {
        status_codes: default_status_codes(),
        ..Response::default()
    });
    let mut proxy = endpoint(f, "get", "proxy/{proxy+}");
    proxy.integration = Integration::HttpProxy;
    proxy.request.uri = Some("https://example.com/{proxy}".into());
    proxy
        .request
        .parameters
        .paths
        .insert("proxy".into(), param(true));
    let mut mock = endpoint(f, "get", "mock");
    mock.integration = Integration::Mock;
    mock.request.templates.insert(
        "application/json".into(),
        Some(r#"{"statusCode": 200}"#.into()),
    );
    mock.response = Some(Response {
        template: Some(r#"{"ok": true}"#.into()),
        status_codes: vec![status("200", "")],
        ..Response::default()
    });
    s.endpoints = vec![root, users, posts, items, item, fire, proxy, mock];
    s
}

#[test]
fn features_a_matches_sls_v3() {
    assert_matches("features-a", &features_a());
}

#[test]
fn core_only_matches_sls_v3() {
    let mut s = service("core-only", "dev", "us-east-1", "nodejs20.x");
    s.functions = vec![function(&s, "worker", "handler.worker")];
    assert_matches("core-only", &s);
}

#[test]
fn compiling_twice_gives_identical_bytes() {
    let svc = features_a();
    let a = compile(&svc, &CompileOptions::default()).to_pretty_string();
    let b = compile(&svc, &CompileOptions::default()).to_pretty_string();
    assert_eq!(a, b);
}

#[test]
fn volatile_parts_follow_their_inputs() {
    let svc = features_a();
    let base = compile(&svc, &CompileOptions::default());
    let ids = |t: &crate::cfn::Template| -> Vec<String> {
        t.resources().unwrap().keys().cloned().collect()
    };
    let deployment = |t: &crate::cfn::Template| {
        ids(t)
            .into_iter()
            .find(|k| k.starts_with("ApiGatewayDeployment"))
            .unwrap()
    };
    let version = |t: &crate::cfn::Template| {
        ids(t)
            .into_iter()
            .find(|k| k.starts_with("HelloDashworldLambdaVersion"))
            .unwrap()
    };

    // the deployment id can be given
    let opts = CompileOptions {
        deployment_id: Some("42".into()),
        ..CompileOptions::default()
    };
    let given = compile(&svc, &opts);
    assert_eq!(deployment(&given), "ApiGatewayDeployment42");
    assert_eq!(
        given.resources().unwrap()["ApiGatewayApiKey1"]["DependsOn"],
        "ApiGatewayDeployment42"
    );

    // the artifact drives S3Key, CodeSha256 and the version id, not the deployment
    let art = ArtifactInfo {
        s3_key: "serverless/anchor-svc/dev/x/anchor-svc.zip".into(),
        sha256_base64: "abc=".into(),
    };
    let with_art = compile(
        &svc,
        &CompileOptions {
            artifact: Some(art),
            ..CompileOptions::default()
        },
    );
    let r = with_art.resources().unwrap();
    assert_eq!(
        r["HelloDashworldLambdaFunction"]["Properties"]["Code"]["S3Key"],
        "serverless/anchor-svc/dev/x/anchor-svc.zip"
    );
    assert_ne!(version(&with_art), version(&base));
    assert_eq!(deployment(&with_art), deployment(&base));
    assert_eq!(r[&version(&with_art)]["Properties"]["CodeSha256"], "abc=");

    // a function setting changes the version; an API change changes the deployment only
    let mut more_memory = features_a();
    more_memory.functions[0].memory_size = 2048;
    let t = compile(
        &more_memory,
        &CompileOptions {
            artifact: None,
            ..CompileOptions::default()
        },
    );
    assert_ne!(version(&t), version(&base));
    let mut api_change = features_a();
    api_change.endpoints[0].private = true;
    let t = compile(&api_change, &CompileOptions::default());
    assert_ne!(deployment(&t), deployment(&base));
}

#[test]
fn the_comparison_catches_differences() {
    let mut svc = features_a();
    svc.endpoints[1].cors = None;
    let report = check("features-a", &svc).unwrap_err();
    assert!(
        report.contains("ApiGatewayMethodUsersUseridVarOptions: missing"),
        "{report}"
    );
    let mut svc = features_a();
    svc.api.usage_plans = UsagePlans::None;
    let report = check("features-a", &svc).unwrap_err();
    assert!(
        report.contains("Resources.ApiGatewayUsagePlan differs"),
        "{report}"
    );
}

#[test]
fn cfn_resources_matches_sls_v3() {
    let vars = [
        ("${sls:stage}", "dev"),
        ("${self:service}", "uploads-stack"),
    ];
    let mut s = service("uploads-stack", "dev", "us-east-1", "nodejs20.x");
    let env = yaml_block("cfn-resources", "/provider/environment", &vars);
    s.provider.environment = serde_json::from_value(env).unwrap();
    let statements = yaml_block("cfn-resources", "/provider/iam/role/statements", &vars);
    s.provider.iam.statements = coerced_statements(statements);
    s.functions = vec![
        function(&s, "presign", "handler.presign"),
        function(&s, "notify", "handler.notify"),
    ];
    s.endpoints = vec![endpoint("presign", "post", "uploads")];
    s.resources = Some(yaml_block("cfn-resources", "/resources", &vars));
    assert_matches("cfn-resources", &s);
}

#[test]
fn function_settings_matches_sls_v3() {
    let mut s = service("orders-api", "staging", "eu-west-1", "nodejs18.x");
    s.provider.memory_size = 512;
    s.provider.timeout = 10;
    s.provider.environment = serde_json::from_value(yaml_block(
        "function-settings",
        "/provider/environment",
        &[],
    ))
    .unwrap();
    s.provider.tags =
        serde_json::from_value(yaml_block("function-settings", "/provider/tags", &[])).unwrap();
    s.provider.iam.statements = coerced_statements(yaml_block(
        "function-settings",
        "/provider/iam/role/statements",
        &[],
    ));
    let mut create = function(&s, "create-order", "src/orders.create");
    create.description = Some("Creates an order and enqueues it for fulfilment".into());
    create.memory_size = 1024;
    create.timeout = 29;
    create.reserved_concurrency = Some(5);
    create
        .environment
        .insert("LOG_LEVEL".into(), "debug".into());
    create
        .environment
        .insert("QUEUE_URL".into(), json(r#"{"Ref":"OrdersQueue"}"#));
    create.layers = serde_json::from_value(yaml_block(
        "function-settings",
        "/functions/create-order/layers",
        &[],
    ))
    .unwrap();
    create.vpc = Some(yaml_block(
        "function-settings",
        "/functions/create-order/vpc",
        &[],
    ));
    create.tags.insert("owner".into(), "orders-team".into());
    let mut get = function(&s, "get_order", "src/orders.get");
    get.runtime = "nodejs20.x".into();
    let mut fulfil = function(&s, "fulfil", "src/fulfil.handler");
    fulfil.description = Some("Fulfilment worker (custom role)".into());
    fulfil.role = Some("arn:aws:iam::123456789012:role/orders-fulfilment-role".into());
    fulfil.timeout = 60;
    s.functions = vec![create, get, fulfil];
    s.endpoints = vec![
        endpoint("create-order", "post", "orders"),
        endpoint("get_order", "get", "orders/{orderId}"),
    ];
    s.resources = Some(yaml_block("function-settings", "/resources", &[]));
    assert_matches("function-settings", &s);
}

#[test]
fn shared_rest_api_matches_sls_v3() {
    let mut s = service("billing-module", "dev", "us-east-1", "nodejs20.x");
    s.api.rest_api_id = Some("a1b2c3d4e5".into());
    s.api.rest_api_root_resource_id = Some("r00tr3s0id".into());
    s.api
        .rest_api_resources
        .insert("billing".into(), "bl1ng0".into());
    s.api
        .rest_api_resources
        .insert("billing/invoices".into(), "inv01c".into());
    s.functions = vec![
        function(&s, "invoices", "handler.invoices"),
        function(&s, "health", "handler.health"),
    ];
    let mut one = endpoint("invoices", "get", "billing/invoices/{invoiceId}");
    one.cors = Some(default_cors("get"));
    s.endpoints = vec![
        endpoint("invoices", "get", "billing/invoices"),
        one,
        endpoint("invoices", "post", "payments"),
        endpoint("health", "get", "billing"),
    ];
    assert_matches("shared-rest-api", &s);
}

#[test]
fn iam_role_arn_and_deployment_bucket_match_sls_v3() {
    let mut s = service("reports", "dev", "us-west-2", "nodejs20.x");
    s.provider.iam.role_arn = Some("arn:aws:iam::123456789012:role/reports-lambda-role".into());
    s.provider.version_functions = false;
    s.provider
        .environment
        .insert("REPORTS_BUCKET".into(), "acme-reports".into());
    s.functions = vec![
        function(&s, "daily", "handler.daily"),
        function(&s, "monthly", "handler.monthly"),
    ];
    s.endpoints = vec![
        endpoint("daily", "get", "reports/daily"),
        endpoint("monthly", "get", "reports/monthly"),
    ];
    assert_matches("iam-role-arn", &s);

    let mut s = service("deployment-bucket", "dev", "us-east-1", "nodejs18.x");
    s.provider.deployment_bucket = Some(DeploymentBucket {
        name: Some("acme-shared-serverless-deployments-us-east-1".into()),
        server_side_encryption: None,
        block_public_access: None,
        versioning: None,
        tags: IndexMap::new(),
    });
    s.provider.version_functions = false;
    s.functions = vec![function(&s, "ping", "handler.ping")];
    s.endpoints = vec![endpoint("ping", "get", "ping")];
    assert_matches("deployment-bucket", &s);
}

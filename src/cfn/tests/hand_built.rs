//! Fixture services built as IR by hand, compared with SF v3's templates.

use super::builders::*;
use super::fixtures::check;
use crate::cfn::{ArtifactInfo, CompileOptions, compile};
use crate::ir::*;
use indexmap::IndexMap;

fn assert_matches(name: &str, svc: &Service) {
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
    items.cors = Some(Cors {
        origins: vec![
            "https://*.example.com".into(),
            "https://app.example.org".into(),
        ],
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

fn key(name: &str, value: Option<&str>, description: Option<&str>) -> ApiKey {
    ApiKey {
        name: Some(name.into()),
        value: value.map(Into::into),
        description: description.map(Into::into),
        customer_id: None,
        enabled: None,
    }
}

#[test]
fn usage_plans_match_sls_v3() {
    let mut s = service("tiered-api", "prod", "us-east-1", "nodejs20.x");
    s.api.api_keys = vec![
        ApiKeyGroup {
            plan: Some("free".into()),
            keys: vec![
                key("free-key-1", None, None),
                key("free-key-2", Some("freeKeyTwo0123456789abcdefghij"), None),
            ],
        },
        ApiKeyGroup {
            plan: Some("premium".into()),
            keys: vec![
                key(
                    "premium-key",
                    Some("premiumKey0123456789abcdefghij"),
                    Some("Premium customer key"),
                ),
                key("enterprise-trial-key", None, None),
            ],
        },
        ApiKeyGroup {
            plan: Some("internal".into()),
            keys: vec![key("ops-key", None, None)],
        },
    ];
    let throttle = |b, r| {
        Some(Throttle {
            burst_limit: Some(b),
            rate_limit: Some(r),
        })
    };
    s.api.usage_plans = UsagePlans::Named(vec![
        (
            "free".into(),
            UsagePlan {
                quota: Some(Quota {
                    limit: Some(1000),
                    offset: None,
                    period: Some("MONTH".into()),
                }),
                throttle: throttle(5, 2.0),
            },
        ),
        (
            "premium".into(),
            UsagePlan {
                quota: Some(Quota {
                    limit: Some(1_000_000),
                    offset: Some(0),
                    period: Some("DAY".into()),
                }),
                throttle: throttle(500, 250.0),
            },
        ),
        (
            "internal".into(),
            UsagePlan {
                quota: None,
                throttle: throttle(1000, 1000.0),
            },
        ),
    ]);
    s.functions = vec![function(&s, "data", "handler.data")];
    let mut a = endpoint("data", "get", "data");
    a.private = true;
    let mut b = endpoint("data", "post", "data/export");
    b.private = true;
    s.endpoints = vec![a, b];
    assert_matches("usage-plans", &s);
}

#[test]
fn lambda_authorizers_match_sls_v3() {
    let mut s = service("secure-api", "dev", "us-east-1", "nodejs20.x");
    s.functions = [
        "tokenAuth",
        "request-auth",
        "open_auth",
        "profile",
        "orders",
        "reports",
        "public-ish",
        "partner",
    ]
    .iter()
    .map(|k| function(&s, k, "api.echo"))
    .collect();
    for (f, h) in s
        .functions
        .iter_mut()
        .zip(["auth.token", "auth.request", "auth.request"])
    {
        f.handler = Some(h.into());
    }
    let with = |f: &str, m: &str, p: &str, a: Authorizer| {
        let mut e = endpoint(f, m, p);
        e.authorizer = Some(a);
        e
    };
    let token_obj = Authorizer {
        result_ttl_in_seconds: Some(120),
        identity_validation_expression: Some("^Bearer [-0-9a-zA-Z._]+$".into()),
        ..lambda_authorizer("tokenAuth")
    };
    let reports = Authorizer {
        kind: AuthorizerKind::Request,
        result_ttl_in_seconds: Some(0),
        identity_source: Some(
            "method.request.header.X-Tenant-Id, method.request.querystring.token, context.stage"
                .into(),
        ),
        ..lambda_authorizer("request-auth")
    };
    let open = Authorizer {
        kind: AuthorizerKind::Request,
        result_ttl_in_seconds: Some(0),
        identity_source: None,
        ..lambda_authorizer("open_auth")
    };
    let partner = Authorizer {
        name: "validateToken".into(),
        arn: Some(
            "arn:aws:lambda:us-east-1:123456789012:function:partner-auth-prod-validateToken".into(),
        ),
        function: None,
        ..lambda_authorizer("tokenAuth")
    };
    let billing = Authorizer {
        name: "billingAuth".into(),
        arn: Some("arn:aws:lambda:us-east-1:123456789012:function:billing-authorizer".into()),
        function: None,
        result_ttl_in_seconds: Some(30),
        identity_source: Some("method.request.header.X-Billing-Token".into()),
        ..lambda_authorizer("tokenAuth")
    };
    s.endpoints = vec![
        with("profile", "get", "me", lambda_authorizer("tokenAuth")),
        with(
            "profile",
            "put",
            "me/settings",
            lambda_authorizer("tokenAuth"),
        ),
        with("orders", "get", "orders", token_obj.clone()),
        with("orders", "get", "orders/{orderId}", token_obj),
        with("reports", "get", "reports/{reportId}", reports),
        with("public-ish", "post", "feedback", open),
        with("partner", "get", "partner/orders", partner),
        with("partner", "get", "partner/invoices", billing),
    ];
    assert_matches("authorizers-lambda", &s);
}

fn cors(origins: &[&str], listed: bool, headers: Option<&[&str]>, methods: &[&str]) -> Cors {
    let base = default_cors("get");
    Cors {
        origins: origins.iter().map(|o| o.to_string()).collect(),
        origins_listed: listed,
        headers: headers.map_or(base.headers, |h| h.iter().map(|h| h.to_string()).collect()),
        methods: methods.iter().map(|m| m.to_string()).collect(),
        allow_credentials: false,
        max_age: None,
        cache_control: None,
    }
}

#[test]
fn cors_matches_sls_v3() {
    let mut s = service("cors-demo", "dev", "us-east-1", "nodejs20.x");
    let name = yaml_block("cors", "/service", &[]);
    s.name = name.as_str().unwrap().to_owned();
    s.provider.runtime = yaml_block("cors", "/provider/runtime", &[])
        .as_str()
        .unwrap()
        .to_owned();
    s.functions = ["public", "partners", "apps", "comments", "legacy-feed"]
        .iter()
        .map(|k| function(&s, k, "handler.json"))
        .collect();
    s.functions[4].handler = Some("handler.legacyFeed".into());
    let with = |f: &str, m: &str, p: &str, c: Cors| {
        let mut e = endpoint(f, m, p);
        e.cors = Some(c);
        e
    };
    let partners = Cors {
        allow_credentials: true,
        max_age: Some(3600),
        cache_control: Some("max-age=600, s-maxage=600, proxy-revalidate".into()),
        ..cors(
            &["https://partners.example.com"],
            false,
            Some(&["Content-Type", "X-Partner-Id", "Authorization"]),
            &["GET", "HEAD", "OPTIONS"],
        )
    };
    let apps = Cors {
        allow_credentials: true,
        ..cors(
            &[
                "https://*.example.com",
                "https://app.example.org",
                "http://localhost:3000",
            ],
            true,
            None,
            &["OPTIONS", "GET"],
        )
    };
    let c1 = Cors {
        max_age: Some(60),
        ..cors(
            &["https://blog.example.com"],
            false,
            Some(&["Content-Type"]),
            &["OPTIONS", "GET"],
        )
    };
    let c2 = Cors {
        allow_credentials: true,
        max_age: Some(300),
        ..cors(
            &["https://admin.example.com"],
            true,
            Some(&["Content-Type", "X-Csrf-Token"]),
            &["OPTIONS", "POST"],
        )
    };
    let mut feed = with(
        "legacy-feed",
        "get",
        "feed",
        Cors {
            allow_credentials: true,
            ..cors(
                &["https://reader.example.com"],
                false,
                None,
                &["OPTIONS", "GET"],
            )
        },
    );
    feed.integration = Integration::Aws;
    feed.response = Some(Response {
        status_codes: default_status_codes(),
        ..Response::default()
    });
    s.endpoints = vec![
        with("public", "get", "public", default_cors("get")),
        with("partners", "get", "partners", partners),
        with("apps", "get", "apps/{appId}", apps),
        with("comments", "get", "posts/{postId}/comments", c1),
        with("comments", "post", "posts/{postId}/comments", c2),
        with(
            "comments",
            "any",
            "posts/{postId}/comments",
            default_cors("any"),
        ),
        feed,
    ];
    assert_matches("cors", &s);
}

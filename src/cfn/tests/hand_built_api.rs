//! API Gateway fixtures (keys and plans, authorizers, CORS, validation) built as IR by hand,
//! compared with SF v3's templates.

use super::builders::*;
use super::fixtures::fixtures_dir;
use super::hand_built::assert_matches;
use crate::ir::*;

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
        origin: (!listed).then(|| origins.join(",")),
        written_origins: if listed {
            origins.iter().map(|o| o.to_string()).collect()
        } else {
            Vec::new()
        },
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

#[test]
fn request_validation_matches_sls_v3() {
    let mut s = service("signup-service", "dev", "us-east-1", "nodejs20.x");
    let schema_file = fixtures_dir().join("request-validation/schemas/user-create.json");
    let user_create: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_file).unwrap()).unwrap();
    s.api.models.insert(
        "user-create".into(),
        Model {
            schema: user_create,
            name: Some("UserCreate".into()),
            description: Some("Payload for creating a user".into()),
        },
    );
    let address = yaml_block(
        "request-validation",
        "/provider/apiGateway/request/schemas/address-model/schema",
        &[],
    );
    s.api.models.insert(
        "address-model".into(),
        Model {
            schema: address,
            name: None,
            description: None,
        },
    );
    s.functions = vec![function(&s, "users", "handler.users")];
    let mut create = endpoint("users", "post", "users");
    create.request.schemas.insert(
        "application/json".into(),
        ModelRef::Provider("user-create".into()),
    );
    let mut avatar = endpoint("users", "put", "users/{userId}/avatar");
    let avatar_schema = "/functions/users/events/1/http/request/schemas/application~1json";
    avatar.request.schemas.insert(
        "application/json".into(),
        ModelRef::Inline(Model {
            schema: yaml_block("request-validation", avatar_schema, &[]),
            name: None,
            description: None,
        }),
    );
    avatar
        .request
        .parameters
        .paths
        .insert("userId".into(), param(true));
    let mut addresses = endpoint("users", "post", "users/{userId}/addresses");
    addresses.request.schemas.insert(
        "application/json".into(),
        ModelRef::Provider("address-model".into()),
    );
    let v2 = "/functions/users/events/2/http/request/schemas/application~1vnd.signup.address+json/schema";
    addresses.request.schemas.insert(
        "application/vnd.signup.address+json".into(),
        ModelRef::Inline(Model {
            schema: yaml_block("request-validation", v2, &[]),
            name: Some("AddressV2".into()),
            description: Some("Versioned address payload".into()),
        }),
    );
    let mut search = endpoint("users", "get", "users/search");
    search
        .request
        .parameters
        .querystrings
        .insert("q".into(), param(true));
    search
        .request
        .parameters
        .querystrings
        .insert("limit".into(), param(false));
    search
        .request
        .parameters
        .headers
        .insert("X-Client-Version".into(), param(true));
    s.endpoints = vec![create, avatar, addresses, search];
    assert_matches("request-validation", &s);
}

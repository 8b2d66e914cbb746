//! The HTTP API's logical ids and the resources of a few services beside the fixtures.

use crate::cfn::{CompileOptions, compile};
use crate::ir::lower::tests::svc;
use crate::ir::naming::{
    http_api_authorizer_permission_logical_id, http_api_integration_logical_id,
    http_api_route_logical_id,
};

#[test]
fn logical_ids_follow_sf_naming() {
    for (key, want) in [
        ("GET /hello/{name}", "HttpApiRouteGetHelloNameVar"),
        ("ANY /", "HttpApiRouteAny"),
        (
            "GET /users/{userId}/posts",
            "HttpApiRouteGetUsersUseridVarPosts",
        ),
        ("GET /{proxy+}", "HttpApiRouteGetProxyVar"),
        (
            "POST /my-path/file_name.json",
            "HttpApiRoutePostMyDashpathFilenamejson",
        ),
    ] {
        assert_eq!(http_api_route_logical_id(key, false), want, "{key}");
    }
    assert_eq!(
        http_api_route_logical_id("$default", true),
        "HttpApiRouteDefault"
    );
    assert_eq!(
        http_api_integration_logical_id("my-func_x"),
        "HttpApiIntegrationMyDashfuncUnderscorex"
    );
    assert_eq!(
        http_api_authorizer_permission_logical_id("local-check"),
        "LocalDashcheckLambdaAuthorizerPermissionHttpApi"
    );
}

#[test]
fn no_route_compiles_nothing_of_the_http_api() {
    let s = svc(
        "service: demo\nprovider:\n  name: aws\n  httpApi:\n    cors: true\nfunctions:\n  f:\n    handler: h.f\n",
    );
    let t = compile(&s, &CompileOptions::default());
    let resources = t.resources().unwrap();
    assert!(
        !resources.keys().any(|k| k.starts_with("HttpApi")),
        "{resources:?}"
    );
    assert!(t.0["Outputs"].get("HttpApiUrl").is_none());
}

#[test]
fn a_second_catch_all_route_takes_the_first_ones_place() {
    let s = svc(
        "service: demo\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - httpApi: '*'\n      - httpApi: GET /a\n  b:\n    handler: h.b\n    events:\n      - httpApi:\n          path: '*'\n",
    );
    let keys: Vec<&str> = s
        .http_api
        .routes
        .iter()
        .map(|r| r.route_key.as_str())
        .collect();
    assert_eq!(keys, ["$default", "GET /a"]);
    assert_eq!(s.http_api.routes[0].function, "b");
    let t = compile(&s, &CompileOptions::default());
    let route = &t.0["Resources"]["HttpApiRouteDefault"];
    assert_eq!(route["DependsOn"], "HttpApiIntegrationB");
}

#[test]
fn an_externally_managed_authorizer_waits_for_its_functions_alias_without_a_permission() {
    let s = svc(
        "service: demo\nprovider:\n  name: aws\n  httpApi:\n    authorizers:\n      gate:\n        type: request\n        functionName: gate\n        managedExternally: true\nfunctions:\n  gate:\n    handler: h.gate\n    provisionedConcurrency: 1\n  a:\n    handler: h.a\n    events:\n      - httpApi:\n          method: GET\n          path: /a\n          authorizer:\n            name: gate\n",
    );
    let t = compile(&s, &CompileOptions::default());
    let resources = t.resources().unwrap();
    assert!(!resources.contains_key("GateLambdaAuthorizerPermissionHttpApi"));
    let authorizer = &resources["HttpApiAuthorizerGate"];
    assert_eq!(authorizer["DependsOn"], "GateProvConcLambdaAlias");
    let uri = &authorizer["Properties"]["AuthorizerUri"]["Fn::Join"][1][5];
    assert_eq!(
        uri,
        &serde_json::json!({"Fn::Join": [":", [{"Fn::GetAtt": ["GateLambdaFunction", "Arn"]}, "provisioned"]]})
    );
    // the route's function has no alias: its integration depends on nothing
    assert!(resources["HttpApiIntegrationA"].get("DependsOn").is_none());
}

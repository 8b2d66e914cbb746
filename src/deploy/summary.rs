//! What `deploy` and `info` print: the stack's status, endpoints, functions and outputs.

use super::client::Clients;
use super::stack::{self, output};
use crate::ir::Service;
use aws_sdk_cloudformation::types::Stack;

/// The service's base URL: the `ServiceEndpoint` output, else built from the `RestApi`'s id
/// (some emulators do not refresh outputs).
pub async fn base_url(c: &Clients, svc: &Service, s: &Stack) -> Option<String> {
    if let Some(url) = output(s, "ServiceEndpoint") {
        return Some(url);
    }
    if svc.endpoints.is_empty() {
        return None;
    }
    let id =
        stack::physical_id(c, &crate::ir::naming::stack_name(svc), "ApiGatewayRestApi").await?;
    Some(format!(
        "https://{id}.execute-api.{}.amazonaws.com/{}",
        c.region, svc.stage
    ))
}

/// The HTTP API's routes as SF's `info` lists them, `GET - <HttpApiUrl>/path` (the catch-all
/// route without a path); nothing when the stack has no `HttpApiUrl` output (an external API).
fn http_api_endpoints(svc: &Service, api_url: Option<&str>) -> Vec<String> {
    let Some(url) = api_url else {
        return Vec::new();
    };
    svc.http_api
        .routes
        .iter()
        .map(|r| {
            let path = if r.is_catch_all() {
                ""
            } else {
                r.path.as_str()
            };
            format!("{} - {url}{path}", r.method)
        })
        .collect()
}

/// The function URLs as SF's `info` lists them: `<function>: <url>`, or the URL alone when it
/// is the service's only endpoint.
fn function_urls(svc: &Service, s: &Stack, no_other_endpoint: bool) -> Vec<String> {
    let urls: Vec<(&str, String)> = svc
        .functions
        .iter()
        .filter_map(|f| {
            let id = crate::ir::naming::function_url_logical_id(&f.key);
            Some((f.key.as_str(), output(s, &id)?))
        })
        .collect();
    if no_other_endpoint && urls.len() == 1 {
        return urls.into_iter().map(|(_, url)| url).collect();
    }
    urls.into_iter()
        .map(|(key, url)| format!("{key}: {url}"))
        .collect()
}

/// The summary text.
pub async fn render(c: &Clients, svc: &Service, s: &Stack) -> String {
    let mut out = String::new();
    let status = s.stack_status().map(|x| x.as_str()).unwrap_or("unknown");
    out.push_str(&format!(
        "service: {}\nstage: {}\nregion: {}\nstack: {} ({status})\n",
        svc.name,
        svc.stage,
        c.region,
        crate::ir::naming::stack_name(svc)
    ));
    let base = base_url(c, svc, s).await;
    let mut endpoints = Vec::new();
    for e in &svc.endpoints {
        let path = e.path.trim_start_matches('/');
        let url = match &base {
            Some(b) if path.is_empty() => b.clone(),
            Some(b) => format!("{b}/{path}"),
            None => format!("/{path}"),
        };
        endpoints.push(format!("{} - {url}", e.method.to_uppercase()));
    }
    // SF lists the WebSocket API's URL as is, after the REST API's routes
    endpoints.extend(output(s, "ServiceEndpointWebsocket"));
    endpoints.extend(http_api_endpoints(svc, output(s, "HttpApiUrl").as_deref()));
    endpoints.extend(function_urls(svc, s, endpoints.is_empty()));
    if !endpoints.is_empty() {
        out.push_str("endpoints:\n");
        for e in endpoints {
            out.push_str(&format!("  {e}\n"));
        }
    }
    if !svc.functions.is_empty() {
        out.push_str("functions:\n");
        for f in &svc.functions {
            out.push_str(&format!("  {}: {}\n", f.key, f.name));
        }
    }
    let layers: Vec<String> = svc
        .layers
        .iter()
        .filter_map(|l| {
            let [arn, _, _] = crate::ir::naming::layer_output_logical_ids(&l.key);
            Some(format!("  {}: {}\n", l.key, output(s, &arn)?))
        })
        .collect();
    if !layers.is_empty() {
        out.push_str("layers:\n");
        out.extend(layers);
    }
    let outputs = s.outputs();
    if !outputs.is_empty() {
        out.push_str("outputs:\n");
        for o in outputs {
            out.push_str(&format!(
                "  {}: {}\n",
                o.output_key().unwrap_or_default(),
                o.output_value().unwrap_or_default()
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{PipelineInput, run_bytes};

    #[test]
    fn http_api_routes_are_listed_as_sf_info_lists_them() {
        let yaml = "service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: h.a\n    events:\n      - httpApi: GET /notes/{id}\n      - httpApi: '*'\n  b:\n    handler: h.b\n    events:\n      - httpApi:\n          method: post\n          path: /notes\n";
        let s = run_bytes(
            &PipelineInput::default(),
            std::path::Path::new("serverless.yml"),
            yaml.as_bytes(),
        );
        let svc = s.service.expect("a service");
        let url = "https://abc.execute-api.us-east-1.amazonaws.com";
        assert_eq!(
            http_api_endpoints(&svc, Some(url)),
            [
                format!("GET - {url}/notes/{{id}}"),
                format!("ANY - {url}"),
                format!("POST - {url}/notes"),
            ]
        );
        assert!(http_api_endpoints(&svc, None).is_empty());
    }

    #[test]
    fn function_urls_are_listed_as_sf_info_lists_them() {
        use aws_sdk_cloudformation::types::Output;
        let yaml = "service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: h.a\n    url: true\n  b:\n    handler: h.b\n    url: true\n  c:\n    handler: h.c\n";
        let s = run_bytes(
            &PipelineInput::default(),
            std::path::Path::new("serverless.yml"),
            yaml.as_bytes(),
        );
        let svc = s.service.expect("a service");
        let stack = |keys: &[&str]| {
            let mut b = Stack::builder();
            for k in keys {
                b = b.outputs(
                    Output::builder()
                        .output_key(*k)
                        .output_value(format!("https://{k}.lambda-url.us-east-1.on.aws/"))
                        .build(),
                );
            }
            b.build()
        };
        let both = stack(&["ALambdaFunctionUrl", "BLambdaFunctionUrl"]);
        assert_eq!(
            function_urls(&svc, &both, true),
            [
                "a: https://ALambdaFunctionUrl.lambda-url.us-east-1.on.aws/",
                "b: https://BLambdaFunctionUrl.lambda-url.us-east-1.on.aws/",
            ]
        );
        // the only endpoint of the service: the URL alone
        let one = stack(&["BLambdaFunctionUrl"]);
        assert_eq!(
            function_urls(&svc, &one, true),
            ["https://BLambdaFunctionUrl.lambda-url.us-east-1.on.aws/"]
        );
        assert_eq!(
            function_urls(&svc, &one, false),
            ["b: https://BLambdaFunctionUrl.lambda-url.us-east-1.on.aws/"]
        );
    }
}

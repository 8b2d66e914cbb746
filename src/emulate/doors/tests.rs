//! Tests of the port plan and the endpoint listing.

use super::*;
use crate::emulate::test_support::service;

const EVERY_DOOR: &str = r#"
service: doors
provider: { name: aws, runtime: nodejs20.x }
functions:
  api:
    handler: h.api
    events:
      - http: GET users
      - httpApi: 'POST /items'
  chat:
    handler: h.chat
    events:
      - websocket: $connect
      - websocket: { route: send }
  hook:
    handler: h.hook
    url: true
  stream:
    handler: h.stream
    url: { invokeMode: RESPONSE_STREAM }
  web:
    handler: h.web
    events:
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2
          priority: 1
          conditions: { path: '/web*', method: [GET, POST] }
      - alb:
          listenerArn: { Ref: OtherListener }
          priority: 2
          conditions: { path: /other }
"#;

fn flags(port: u16) -> PortFlags {
    PortFlags {
        port,
        ..PortFlags::default()
    }
}

#[test]
fn doors_beyond_the_apis_count_on_from_the_port() {
    let svc = service(EVERY_DOOR);
    let plan = PortPlan::new(&svc, &flags(4000)).unwrap();
    assert_eq!(plan.main, 4000);
    assert_eq!(plan.websocket, Some(4001));
    assert_eq!(
        plan.function_urls,
        vec![("hook".to_string(), 4002), ("stream".to_string(), 4003)]
    );
    let keys: Vec<u16> = plan.alb_listeners.iter().map(|(_, p)| *p).collect();
    assert_eq!(keys, vec![4004, 4005]);
    assert_eq!(plan.alb_listeners[1].0, r#"{"Ref":"OtherListener"}"#);
}

#[test]
fn given_ports_win_and_port_zero_frees_every_door() {
    let svc = service(EVERY_DOOR);
    let given = PortFlags {
        port: 3000,
        websocket_port: Some(9000),
        function_url_port: Some(9100),
        alb_port: Some(9200),
        ..PortFlags::default()
    };
    let plan = PortPlan::new(&svc, &given).unwrap();
    assert_eq!(plan.websocket, Some(9000));
    assert_eq!(plan.function_urls[1].1, 9101);
    assert_eq!(plan.alb_listeners[1].1, 9201);
    let free = PortPlan::new(&svc, &flags(0)).unwrap();
    assert_eq!(free.websocket, Some(0));
    assert!(free.function_urls.iter().all(|(_, p)| *p == 0));
    assert!(free.alb_listeners.iter().all(|(_, p)| *p == 0));
}

#[test]
fn a_service_without_the_doors_plans_none() {
    let svc = service(
        "service: s\nprovider: { name: aws, runtime: nodejs20.x }\nfunctions:\n  f: { handler: h.f }\n",
    );
    let plan = PortPlan::new(&svc, &flags(3000)).unwrap();
    assert_eq!(plan.websocket, None);
    assert!(plan.function_urls.is_empty() && plan.alb_listeners.is_empty());
}

#[test]
fn every_endpoint_is_listed_with_its_kind_and_url() {
    let svc = service(EVERY_DOOR);
    let plan = PortPlan::new(&svc, &flags(4000)).unwrap();
    let addrs = Addresses::planned(&plan, "127.0.0.1", "/dev");
    let list = endpoints(&svc, &RouteTable::build(&svc), &addrs);
    let seen: Vec<(DoorKind, &str, &str)> = list
        .iter()
        .map(|e| (e.kind, e.route.as_str(), e.url.as_str()))
        .collect();
    assert_eq!(
        seen,
        vec![
            (DoorKind::Rest, "/users", "http://127.0.0.1:4000/dev/users"),
            (DoorKind::HttpApi, "/items", "http://127.0.0.1:4000/items"),
            (DoorKind::Websocket, "$connect", "ws://127.0.0.1:4001/dev"),
            (DoorKind::Websocket, "send", "ws://127.0.0.1:4001/dev"),
            (DoorKind::FunctionUrl, "/*", "http://127.0.0.1:4002/"),
            (DoorKind::FunctionUrl, "/*", "http://127.0.0.1:4003/"),
            (DoorKind::Alb, "/web*", "http://127.0.0.1:4004/web"),
            (DoorKind::Alb, "/other", "http://127.0.0.1:4005/other"),
        ]
    );
    let alb = &list[6];
    assert_eq!(alb.method.as_deref(), Some("GET,POST"));
    assert_eq!(alb.priority, Some(serde_json::json!(1)));
    let json = serde_json::to_value(&list[2]).unwrap();
    assert_eq!(json["kind"], "websocket");
    assert_eq!(
        serde_json::to_value(&list[4]).unwrap()["kind"],
        "function-url"
    );
    assert_eq!(serde_json::to_value(&list[1]).unwrap()["kind"], "http-api");
}

#[test]
fn the_banner_has_a_table_per_other_door() {
    let svc = service(EVERY_DOOR);
    let plan = PortPlan::new(&svc, &flags(4000)).unwrap();
    let addrs = Addresses::planned(&plan, "::1", "/dev");
    let text = render_other_doors(&endpoints(&svc, &RouteTable::build(&svc), &addrs));
    assert!(text.contains("WebSocket API (websocket events):"), "{text}");
    assert!(text.contains("ws://[::1]:4001/dev"), "{text}");
    assert!(text.contains("Function URLs (url):"), "{text}");
    assert!(text.contains("stream    http://[::1]:4003/"), "{text}");
    assert!(text.contains("ALB listener rules (alb events):"), "{text}");
    assert!(text.contains("GET,POST"), "{text}");
}

#[test]
fn a_door_past_the_last_port_is_an_error_naming_its_flag() {
    let svc = service(EVERY_DOOR);
    let e = PortPlan::new(&svc, &flags(65534)).unwrap_err();
    assert!(
        e.contains("stream's function URL") || e.contains("hook's function URL"),
        "{e}"
    );
    assert!(e.contains("--function-url-port"), "{e}");
    let given = PortFlags {
        alb_port: Some(65535),
        ..flags(3000)
    };
    let e = PortPlan::new(&svc, &given).unwrap_err();
    assert!(
        e.contains("ALB listener") && e.contains("--alb-port"),
        "{e}"
    );
    // the last port itself is fine
    let last = PortFlags {
        websocket_port: Some(65535),
        ..flags(3000)
    };
    assert_eq!(PortPlan::new(&svc, &last).unwrap().websocket, Some(65535));
}

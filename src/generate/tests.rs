use super::*;
use crate::source::SourceMap;

const BLOCK: &str =
    "web:\n  handler: src/handlers/web.handler\n  events:\n    - httpApi: 'GET /web'\n";

fn add(text: &str) -> Result<(String, usize), Diagnostic> {
    let mut sources = SourceMap::new();
    let loaded =
        crate::load::load_bytes(Path::new("serverless.yml"), text.as_bytes(), &mut sources)
            .expect("loads");
    yaml_edit::add_function(text, &loaded.root, BLOCK)
}

#[test]
fn the_function_goes_after_the_last_one_keeping_everything_else() {
    let text = "# my service\nservice: demo # inline\n\nprovider:\n    name: aws\n    runtime: nodejs20.x\n\nfunctions:\n    # the greeting\n    hello:\n        handler: handler.hello   # keep me\n        events:\n            - http: GET /hello\n\n# resources follow\nresources:\n    Resources: {}\n";
    let (out, line) = add(text).unwrap();
    let want = "# my service\nservice: demo # inline\n\nprovider:\n    name: aws\n    runtime: nodejs20.x\n\nfunctions:\n    # the greeting\n    hello:\n        handler: handler.hello   # keep me\n        events:\n            - http: GET /hello\n    web:\n        handler: src/handlers/web.handler\n        events:\n            - httpApi: 'GET /web'\n\n# resources follow\nresources:\n    Resources: {}\n";
    assert_eq!(out, want);
    assert_eq!(line, 14);
}

#[test]
fn a_file_without_functions_gets_them_at_its_end() {
    let (out, line) = add("service: demo\nprovider:\n  name: aws").unwrap();
    assert_eq!(
        out,
        "service: demo\nprovider:\n  name: aws\n\nfunctions:\n  web:\n    handler: src/handlers/web.handler\n    events:\n      - httpApi: 'GET /web'\n"
    );
    assert_eq!(line, 6);
    let (out, _) = add("service: demo\nfunctions:\n\nresources: {}\n").unwrap();
    assert!(
        out.starts_with("service: demo\nfunctions:\n  web:\n    handler:"),
        "{out}"
    );
    assert!(out.ends_with("\nresources: {}\n"), "{out}");
}

#[test]
fn functions_it_cannot_edit_are_refused_at_their_span() {
    for text in [
        "service: demo\nfunctions: ${file(functions.yml)}\n",
        "service: demo\nfunctions: {hello: {handler: h.hello}}\n",
        "service: demo\nfunctions:\n  - hello\n",
    ] {
        let d = add(text).unwrap_err();
        assert_eq!(d.code, codes::CLI_GENERATE, "{text}");
        assert!(d.span.is_some(), "{text}");
    }
}

#[test]
fn routes_are_read_from_the_flags() {
    assert_eq!(
        Route::parse("get /users/{id}", true).unwrap(),
        Route {
            method: "GET".into(),
            path: "/users/{id}".into(),
            rest: true
        }
    );
    assert_eq!(Route::parse("* /x", false).unwrap().method, "ANY");
    for bad in ["/x", "GET x", "FETCH /x", "GET /a b"] {
        assert!(Route::parse(bad, false).is_err(), "{bad}");
    }
}

#[test]
fn names_are_checked() {
    for ok in ["hello", "get-user", "a_1"] {
        assert!(check_name(ok).is_ok(), "{ok}");
    }
    for bad in ["", "1st", "a b", "a.b", "ünï"] {
        assert!(check_name(bad).is_err(), "{bad}");
    }
}

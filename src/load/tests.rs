//! Loader tests: values, spans, tags, merges, budgets.

use super::*;
use crate::source::SourceMap;

fn load(text: &str) -> Result<Loaded, (Diagnostic, SourceMap)> {
    let mut sm = SourceMap::new();
    load_bytes(Path::new("serverless.yml"), text.as_bytes(), &mut sm).map_err(|d| (d, sm))
}

fn err(text: &str) -> (String, usize, usize) {
    let (d, sm) = load(text).expect_err("should fail");
    let (_, line, col) = sm.locate(d.span.expect("located")).expect("file");
    (d.code.to_string(), line, col)
}

#[test]
fn values_and_types() {
    let l = load("a: 1\nb: '1'\nc: [x, 2.5, true, ~]\nd: {e: f}\n").unwrap();
    let j = l.root.to_json();
    assert_eq!(
        j,
        serde_json::json!({"a": 1, "b": "1", "c": ["x", 2.5, true, null], "d": {"e": "f"}})
    );
}

#[test]
fn spans_point_at_values_and_keys() {
    let text = "service: demo\nprovider:\n  name: aws\n";
    let mut sm = SourceMap::new();
    let l = load_bytes(Path::new("s.yml"), text.as_bytes(), &mut sm).unwrap();
    let name = l.root.path(["provider", "name"]).unwrap();
    assert_eq!(sm.locate(name.span).unwrap().1, 3);
    assert_eq!(sm.locate(name.span).unwrap().2, 9);
    let ks = l.root.get("provider").unwrap().key_span("name").unwrap();
    assert_eq!(sm.locate(ks).unwrap().2, 3);
    assert_eq!(
        &text[name.span.start as usize..name.span.end as usize],
        "aws"
    );
}

#[test]
fn cfn_short_tags_become_long_forms() {
    let l = load(concat!(
        "a: !Ref Bucket\n",
        "b: !GetAtt Fn.Arn\n",
        "c: !GetAtt [Fn, Arn]\n",
        "d: !Sub 'arn:${AWS::Partition}:s3:::x'\n",
        "e: !Join ['', [a, !Ref B]]\n",
        "f: !If [Cond, !Ref A, !Ref 'AWS::NoValue']\n",
        "g: !Condition IsProd\n",
        "h: !GetAtt A.B.C\n",
        "i: !Select [0, !GetAZs '']\n",
        "j: !Base64 {\"Fn::Sub\": x}\n",
    ))
    .unwrap();
    assert_eq!(
        l.root.to_json(),
        serde_json::json!({
            "a": {"Ref": "Bucket"},
            "b": {"Fn::GetAtt": ["Fn", "Arn"]},
            "c": {"Fn::GetAtt": ["Fn", "Arn"]},
            "d": {"Fn::Sub": "arn:${AWS::Partition}:s3:::x"},
            "e": {"Fn::Join": ["", ["a", {"Ref": "B"}]]},
            "f": {"Fn::If": ["Cond", {"Ref": "A"}, {"Ref": "AWS::NoValue"}]},
            "g": {"Condition": "IsProd"},
            "h": {"Fn::GetAtt": ["A", "B.C"]},
            "i": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
            "j": {"Fn::Base64": {"Fn::Sub": "x"}},
        })
    );
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let l = load(concat!(
        "base: &base\n  memorySize: 512\n  timeout: 6\n",
        "fn:\n  <<: *base\n  timeout: 10\n",
        "list: [*base]\n",
    ))
    .unwrap();
    assert_eq!(
        l.root.get("fn").unwrap().to_json(),
        serde_json::json!({"memorySize": 512, "timeout": 10})
    );
    assert_eq!(l.root.get("list").unwrap().to_json()[0]["timeout"], 6);
}

#[test]
fn merge_does_not_override_explicit_keys() {
    let l = load("a: &a {x: 1}\nb:\n  x: 2\n  <<: *a\n").unwrap();
    assert_eq!(
        l.root.get("b").unwrap().to_json(),
        serde_json::json!({"x": 2})
    );
}

#[test]
fn duplicate_key_is_located() {
    assert_eq!(
        err("service: a\nprovider:\n  name: aws\n  name: gcp\n"),
        ("yaml::duplicate-key".into(), 4, 3)
    );
}

#[test]
fn unknown_tag_suggests_nearest() {
    let (d, _) = load("a: !GetAt x.y\n").unwrap_err();
    assert_eq!(d.code, "yaml::unknown-tag");
    assert_eq!(d.help.as_deref(), Some("did you mean `!GetAtt`?"));
}

#[test]
fn alias_bomb_is_refused_by_the_expansion_budget() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    // 10^10 nodes in full: refused by the budget, at the alias that would exceed it, rather
    // than expanded until memory runs out
    let (code, line, _) = err(&text);
    assert_eq!(code, "yaml::alias-limit");
    assert!((5..=10).contains(&line), "refused at line {line}");
}

#[test]
fn deep_nesting_is_refused() {
    let text = format!("a: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    assert_eq!(err(&text).0, "yaml::depth-limit");
}

#[test]
fn empty_and_comment_only_files() {
    assert_eq!(err("").0, "yaml::empty");
    assert_eq!(err("# nothing\n").0, "yaml::empty");
    assert_eq!(err("---\n").0, "yaml::empty");
}

#[test]
fn several_documents_are_refused() {
    assert_eq!(
        err("a: 1\n---\nb: 2\n"),
        ("yaml::multiple-documents".into(), 2, 1)
    );
}

#[test]
fn tab_indentation_is_named() {
    let (code, line, col) = err("provider:\n\tname: aws\n");
    assert_eq!((code.as_str(), line, col), ("yaml::tab-indent", 2, 1));
}

#[test]
fn not_utf8_is_located() {
    let mut sm = SourceMap::new();
    let d = load_bytes(Path::new("x.yml"), b"a: 1\nb: caf\xe9\n", &mut sm).unwrap_err();
    assert_eq!(d.code, "io::not-utf8");
    assert_eq!(sm.locate(d.span.unwrap()).unwrap().1, 2);
}

#[test]
fn unquoted_date_warns() {
    let l = load("Version: 2012-10-17\n").unwrap();
    assert_eq!(l.root.to_json()["Version"], "2012-10-17T00:00:00.000Z");
    assert_eq!(l.warnings[0].code, "yaml::timestamp");
}

#[test]
fn bom_is_skipped_and_spans_stay_right() {
    let text = "\u{feff}a: b\n";
    let mut sm = SourceMap::new();
    let l = load_bytes(Path::new("x.yml"), text.as_bytes(), &mut sm).unwrap();
    let a = l.root.get("a").unwrap();
    assert_eq!(&text[a.span.start as usize..a.span.end as usize], "b");
}

#[test]
fn numeric_keys_are_strings() {
    let l = load("statusCodes:\n  201: {pattern: ''}\n").unwrap();
    assert!(l.root.path(["statusCodes", "201"]).is_some());
}

//! Robustness: budgets stop runaway templates with an error, and no input panics
//! (property test over random templates built from VTL fragments and raw bytes).

use proptest::prelude::*;

use crate::{Context, Limits, Template};

fn render(src: &str) -> Result<String, crate::VtlError> {
    let ctx = Context {
        body: r#"{"a":[1,{"b":"c"}]}"#.into(),
        ..Context::default()
    };
    Template::parse(src)?.render(&ctx)
}

/// Builds a 256 KiB string, then replaces each character by the whole string.
const BIG_REPLACE: &str = "#set($s = 'xxxxxxxxxxxxxxxx')#foreach($i in [1..14])#set($s = \"$s$s\")#end$s.replace('x', $s)";
const BIG_REPLACE_ALL: &str = "#set($s = 'xxxxxxxxxxxxxxxx')#foreach($i in [1..14])#set($s = \"$s$s\")#end$s.replaceAll('x', $s)";

#[test]
fn budgets_stop_runaway_templates() {
    let cases: &[(&str, &str)] = &[
        ("#foreach($i in [1..100000000])x#end", "range"),
        (
            "#foreach($i in [1..100000])#foreach($j in [1..100000])#end#end",
            "budget",
        ),
        (
            "#set($s = 'xxxxxxxxxxxxxxxx')#foreach($i in [1..40])#set($s = \"$s$s\")#end$s",
            "output budget",
        ),
        (
            "#foreach($i in [1..100000])0123456789012345678901234567890123456789012345678901234567890123456789#end",
            "output budget",
        ),
        ("#macro(m $n)#m($n)#end#m(1)", "calling depth"),
        (BIG_REPLACE, "too large"),
        (BIG_REPLACE_ALL, "too large"),
    ];
    for (src, msg) in cases {
        match render(src) {
            Err(e) => assert!(e.message.contains(msg), "{src}: {e}"),
            Ok(out) => assert!(msg.is_empty(), "{src}: rendered {} bytes", out.len()),
        }
    }
    let small = Limits {
        max_output_bytes: 10,
        ..Limits::default()
    };
    let t = Template::parse("0123456789x").unwrap().with_limits(small);
    assert!(t.render(&Context::default()).is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep_if = "#if(true)".repeat(5000) + &"#end".repeat(5000);
    assert!(
        render(&deep_if)
            .unwrap_err()
            .message
            .contains("nested too deeply")
    );
    let deep_paren = format!("#set($a = {}1{})", "(".repeat(5000), ")".repeat(5000));
    assert!(render(&deep_paren).is_err());
    let deep_string = "#set($a = \"".repeat(200);
    assert!(render(&deep_string).is_err());
    // Recursive #define: Velocity stops after two nested renders.
    assert_eq!(render("#define($r)$r#end$r").unwrap(), "$r");
    // A 100 000-deep nested value is built and freed without recursion.
    let out =
        render("#set($l = [])#foreach($i in [1..100000])#set($l = [$l])#end$l.size()").unwrap();
    assert_eq!(out, "1");
    // Self-referencing maps print like Java.
    assert_eq!(
        render("#set($m = {})#set($_ = $m.put('me', $m))$m").unwrap(),
        "{me=(this Map)}"
    );
}

/// Fragments that make random templates likely to hit many code paths.
fn fragment() -> impl Strategy<Value = String> {
    let pieces = vec![
        "#set($a = ",
        "#set($m.k = ",
        "#if(",
        "#elseif(",
        "#else",
        "#end",
        "#foreach($i in ",
        "#define($d)",
        "#macro(mm $p)",
        "#mm(",
        "#break",
        "#stop",
        "$a",
        "$!a",
        "${a}",
        "$m.k",
        "$i",
        "$d",
        "$foreach.hasNext",
        "$input.json('$.a')",
        "$input.path('$').a[1].b",
        "$input.params()",
        "$util.escapeJavaScript($a)",
        "$a.split(',')",
        "$a.replaceAll('(.)', '$1$1')",
        "$a.substring(1, 2)",
        "[1..3]",
        "[1, 'x']",
        "{'k': 1}",
        "'s'",
        "\"i$a\"",
        "1",
        "2.5",
        "-3",
        "true",
        " == ",
        " + ",
        " / ",
        " && ",
        "!",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ".",
        "\\",
        "\\$a",
        "\\#if",
        "##c\n",
        "#*c*#",
        "#[[r]]#",
        "\n",
        "  ",
        "x",
        "#",
        "$",
        "\"",
        "'",
    ];
    prop_oneof![
        proptest::sample::select(pieces).prop_map(str::to_string),
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn random_templates_never_panic(parts in proptest::collection::vec(fragment(), 0..40)) {
        let src: String = parts.concat();
        let _ = render(&src);
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let src = String::from_utf8_lossy(&bytes);
        let _ = render(&src);
    }
}

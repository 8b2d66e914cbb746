//! Property tests of the grammar: no input panics the parser and positions stay in bounds,
//! printed expressions parse back to the same tree, strings without `${` have no variables.

use crate::vars::ast::{Body, Lit, Meta, Source, Var, print_var};
use crate::vars::parse;
use proptest::prelude::*;

fn strip(vars: &mut [Var]) {
    for v in vars {
        v.start = 0;
        v.end = 0;
        v.abs_start = 0;
        v.abs_end = 0;
        if let Body::Sources(sources) = &mut v.body {
            for s in sources {
                if let Source::Typed {
                    params, address, ..
                } = s
                {
                    for m in params.iter_mut().flatten().chain(address.iter_mut()) {
                        strip(&mut m.vars);
                    }
                }
            }
        }
    }
}

fn var(sources: Vec<Source>) -> Var {
    Var {
        start: 0,
        end: 0,
        abs_start: 0,
        abs_end: 0,
        body: Body::Sources(sources),
    }
}

fn nested_meta(inner: Var, prefix: String, suffix: String) -> Meta {
    let raw = format!("{prefix}{}{suffix}", print_var(&inner));
    Meta {
        value: Lit::Str(raw),
        vars: vec![inner],
    }
}

fn ty() -> impl Strategy<Value = String> {
    "[a-z][a-zA-Z0-9]{0,5}"
}

fn plain_text() -> impl Strategy<Value = String> {
    "[a-zA-Z_./-][a-zA-Z0-9_./-]{0,7}"
}

fn quoted_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,:}{)(.'\"$-]{0,8}"
}

fn literal() -> impl Strategy<Value = Lit> {
    prop_oneof![
        quoted_text().prop_map(Lit::Str),
        (-1000i32..1000).prop_map(|n| Lit::Num(f64::from(n) / 4.0)),
        any::<bool>().prop_map(Lit::Bool),
        Just(Lit::Null),
    ]
}

fn param(inner: BoxedStrategy<Var>) -> impl Strategy<Value = Meta> {
    prop_oneof![
        plain_text()
            .prop_filter("reads as a literal", |s| {
                crate::vars::coerce::js_number(s).is_none()
                    && !matches!(s.as_str(), "true" | "false" | "null")
            })
            .prop_map(|s| Meta::plain(Lit::Str(s))),
        quoted_text().prop_map(|s| Meta::plain(Lit::Str(s))),
        (1i32..500).prop_map(|n| Meta::plain(Lit::Num(f64::from(n)))),
        Just(Meta::plain(Lit::Bool(true))),
        Just(Meta::plain(Lit::Null)),
        (inner, "[a-z_]{0,3}").prop_map(|(v, suffix)| nested_meta(v, String::new(), suffix)),
    ]
}

fn address(inner: BoxedStrategy<Var>) -> impl Strategy<Value = Meta> {
    prop_oneof![
        plain_text().prop_map(|s| Meta::plain(Lit::Str(s))),
        quoted_text()
            .prop_filter("non-empty", |s| !s.is_empty())
            .prop_map(|s| Meta::plain(Lit::Str(s))),
        (inner, "[a-z.]{0,3}", "[a-z_.]{0,3}").prop_map(|(v, p, s)| nested_meta(v, p, s)),
    ]
}

fn typed(inner: BoxedStrategy<Var>) -> impl Strategy<Value = Source> {
    (
        ty(),
        proptest::option::of(proptest::collection::vec(param(inner.clone()), 0..3)),
        proptest::option::of(address(inner)),
    )
        .prop_map(|(ty, params, address)| Source::Typed {
            ty,
            params,
            address,
        })
}

fn variable() -> impl Strategy<Value = Var> {
    let leaf = (ty(), plain_text())
        .prop_map(|(t, a)| {
            var(vec![Source::Typed {
                ty: t,
                params: None,
                address: Some(Meta::plain(Lit::Str(a))),
            }])
        })
        .boxed();
    leaf.prop_recursive(3, 16, 3, |inner| {
        (
            typed(inner.clone()),
            proptest::collection::vec(typed(inner), 0..2),
            proptest::option::of(literal()),
        )
            .prop_map(|(first, more, last)| {
                let mut sources = vec![first];
                sources.extend(more);
                sources.extend(last.map(Source::Literal));
                var(sources)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parser_never_panics_and_positions_hold(s in r#"[$\{\}\\:(),'" aA1.!-]{0,40}"#) {
        if let Ok(Some(vars)) = parse(&s) {
            let mut last = 0;
            for v in &vars {
                prop_assert!(v.start <= v.end && v.end <= s.len());
                prop_assert!(v.abs_start >= last, "ordered, not overlapping");
                prop_assert_eq!((v.start, v.end), (v.abs_start, v.abs_end));
                last = v.abs_end;
            }
        }
    }

    #[test]
    fn any_unicode_never_panics(s in "\\PC{0,30}") {
        let _ = parse(&s);
        let _ = parse(&format!("${{{s}}}"));
        let _ = parse(&format!("${{self:{s}}}"));
    }

    #[test]
    fn strings_without_dollar_brace_have_no_variables(s in "[^$]{0,40}|[a-z$ {}]{0,20}") {
        prop_assume!(!s.contains("${"));
        prop_assert_eq!(parse(&s), Ok(None));
    }

    #[test]
    fn printed_variables_parse_back(v in variable(), prefix in "[a-z ]{0,4}", suffix in "[a-z ]{0,4}") {
        let printed = print_var(&v);
        let parsed = parse(&printed);
        prop_assert!(matches!(parsed, Ok(Some(_))), "{printed}: {parsed:?}");
        let mut got = parsed.unwrap().unwrap();
        prop_assert_eq!(got.len(), 1);
        prop_assert_eq!((got[0].start, got[0].end), (0, printed.len()));
        strip(&mut got);
        let mut want = vec![v.clone()];
        strip(&mut want);
        prop_assert_eq!(&got, &want, "{}", printed);
        // embedded in text, the same variable at its offset
        let text = format!("{prefix}{printed}{suffix}");
        let mut got = parse(&text).unwrap().unwrap();
        prop_assert_eq!((got[0].start, got[0].end), (prefix.len(), prefix.len() + printed.len()));
        strip(&mut got);
        prop_assert_eq!(got, want);
    }
}

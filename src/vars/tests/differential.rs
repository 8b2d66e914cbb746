//! Differential test against SF v3's own `parse.js` (needs Node.js and an installed
//! `serverless@3`; ignored by default): `SLSC_SLS3=<node_modules/serverless> cargo test --lib
//! vars::tests::differential -- --ignored`.

use crate::vars::ast::{Body, Lit, Meta, Source, Var};
use crate::vars::parse;
use serde_json::{Value as J, json};

fn lit(l: &Lit) -> J {
    match l {
        Lit::Null => J::Null,
        Lit::Bool(b) => J::Bool(*b),
        Lit::Num(n) => crate::load::node::float_to_json(*n),
        Lit::Str(s) => J::String(s.clone()),
    }
}

fn meta(m: &Meta) -> J {
    let mut o = serde_json::Map::new();
    o.insert("value".into(), lit(&m.value));
    if !m.vars.is_empty() {
        let len = match &m.value {
            Lit::Str(s) => s.len(),
            _ => 0,
        };
        o.insert("variables".into(), vars(&m.vars, len));
    }
    J::Object(o)
}

/// The shape SF's parser returns.
fn vars(vs: &[Var], len: usize) -> J {
    let whole = crate::vars::ast::is_whole(vs, len);
    J::Array(
        vs.iter()
            .map(|v| {
                let mut o = serde_json::Map::new();
                if !whole {
                    o.insert("start".into(), json!(v.start));
                    o.insert("end".into(), json!(v.end));
                }
                match &v.body {
                    Body::Escape(t) => {
                        o.insert("value".into(), json!(t));
                    }
                    Body::Sources(ss) => {
                        let ss: Vec<J> = ss
                            .iter()
                            .map(|s| match s {
                                Source::Literal(l) => json!({ "value": lit(l) }),
                                Source::Typed {
                                    ty,
                                    params,
                                    address,
                                } => {
                                    let mut o = serde_json::Map::new();
                                    o.insert("type".into(), json!(ty));
                                    if let Some(ps) = params {
                                        o.insert("params".into(), ps.iter().map(meta).collect());
                                    }
                                    if let Some(a) = address {
                                        o.insert("address".into(), meta(a));
                                    }
                                    J::Object(o)
                                }
                            })
                            .collect();
                        o.insert("sources".into(), J::Array(ss));
                    }
                }
                J::Object(o)
            })
            .collect(),
    )
}

fn ours(s: &str) -> J {
    match parse(s) {
        Err(_) => json!("error"),
        Ok(None) => J::Null,
        Ok(Some(v)) => vars(&v, s.len()),
    }
}

/// A small deterministic generator of variable-like strings.
fn samples(n: usize) -> Vec<String> {
    let atoms = [
        "${",
        "}",
        "$",
        "{",
        "\\",
        ":",
        "(",
        ")",
        ",",
        " ",
        "'",
        "\"",
        "self",
        "opt",
        "env",
        "file",
        "a",
        "B",
        "1",
        ".",
        "-",
        "AWS::Region",
        "x.yml",
        "null",
        "true",
        "0",
        "'q'",
        "\"d\"",
        "::",
        "!",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|_| {
            let len = (next() % 14) as usize;
            (0..len)
                .map(|_| atoms[(next() % atoms.len() as u64) as usize])
                .collect()
        })
        .collect()
}

#[test]
#[ignore = "needs Node.js and serverless@3"]
fn differential_against_sf_parser() {
    let sf = std::env::var("SLSC_SLS3")
        .unwrap_or_else(|_| "/root/.cache/slsc-sls3/node_modules/serverless".into());
    let inputs = samples(20_000);
    let script = format!(
        "const p=require('{sf}/lib/configuration/variables/parse');\
         const ins=JSON.parse(require('fs').readFileSync(0,'utf8'));\
         console.log(JSON.stringify(ins.map(s=>{{try{{return p(s)}}catch(e){{return 'error'}}}})));"
    );
    let mut child = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(serde_json::to_string(&inputs).unwrap().as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let theirs: Vec<J> = serde_json::from_slice(&out.stdout).expect("node output");
    let mut diffs = Vec::new();
    for (s, t) in inputs.iter().zip(theirs) {
        let o = ours(s);
        if o != t {
            diffs.push(format!("{s:?}\n  sf:   {t}\n  ours: {o}"));
        }
    }
    assert!(
        diffs.is_empty(),
        "{} of {} differ:\n{}",
        diffs.len(),
        inputs.len(),
        diffs[..diffs.len().min(15)].join("\n")
    );
}

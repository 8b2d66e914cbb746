//! Fuzz target for the VTL engine: the input is a template, optionally followed by a NUL byte
//! and a request body; parsing and rendering must never panic and must stay within budgets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use slsc_vtl::{Context, Limits, Template};

fuzz_target!(|data: &[u8]| {
    let (tpl, body) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"{\"a\":[1,{\"b\":\"c\"}],\"s\":\"x,y\"}"[..]),
    };
    let src = String::from_utf8_lossy(tpl);
    let Ok(t) = Template::parse(&src) else { return };
    let limits = Limits { max_steps: 20_000, max_output_bytes: 1 << 20, ..Limits::default() };
    let mut ctx = Context { body: String::from_utf8_lossy(body).into_owned(), ..Context::default() };
    ctx.header.insert("Origin".into(), "https://app.example.org".into());
    ctx.path.insert("id".into(), "42".into());
    ctx.context = serde_json::json!({"stage": "dev", "identity": {"sourceIp": "1.2.3.4"}});
    let _ = t.with_limits(limits).render_full(&ctx);
});

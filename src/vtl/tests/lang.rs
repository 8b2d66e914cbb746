//! Golden tests of the Velocity language, one row per feature.

use crate::vtl::{Context, Template};

fn render(src: &str) -> String {
    match Template::parse(src) {
        Ok(t) => t
            .render(&Context::default())
            .unwrap_or_else(|e| format!("<render error {e}>")),
        Err(e) => format!("<parse error {e}>"),
    }
}

#[test]
fn smoke() {
    assert_eq!(render("a $x b"), "a $x b");
}

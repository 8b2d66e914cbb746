//! ALB's match strings: `*` matches any run of characters (none included), `?` exactly one,
//! and `\*`, `\?` (and `\\`) the character itself, as the ELB API reference says of
//! `QueryStringConditionConfig` values. Path patterns compare case-sensitively; host names,
//! header values and query pairs without regard to ASCII case.

/// One element of a compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    /// A character to match (lower-cased when the pattern ignores case).
    Char(char),
    /// `?`.
    One,
    /// `*`.
    Any,
}

/// A compiled match string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wildcard {
    pieces: Vec<Piece>,
    ignore_case: bool,
}

impl Wildcard {
    /// `pattern` compiled; `ignore_case` compares ASCII letters without regard to case.
    pub fn new(pattern: &str, ignore_case: bool) -> Wildcard {
        let mut pieces = Vec::with_capacity(pattern.len());
        let mut chars = pattern.chars();
        while let Some(c) = chars.next() {
            pieces.push(match c {
                '*' => Piece::Any,
                '?' => Piece::One,
                // a trailing lone backslash stands for itself
                '\\' => Piece::Char(fold(chars.next().unwrap_or('\\'), ignore_case)),
                c => Piece::Char(fold(c, ignore_case)),
            });
        }
        Wildcard {
            pieces,
            ignore_case,
        }
    }

    /// Whether the whole of `text` matches. Greedy with one backtrack point (the last `*`), so
    /// linear in practice and never worse than the product of the lengths.
    pub fn matches(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().map(|c| fold(c, self.ignore_case)).collect();
        let (mut p, mut t) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while t < text.len() {
            match self.pieces.get(p) {
                Some(Piece::Any) => {
                    star = Some((p, t));
                    p += 1;
                }
                Some(Piece::One) => {
                    p += 1;
                    t += 1;
                }
                Some(Piece::Char(c)) if *c == text[t] => {
                    p += 1;
                    t += 1;
                }
                _ => match star {
                    Some((sp, st)) => {
                        p = sp + 1;
                        t = st + 1;
                        star = Some((sp, st + 1));
                    }
                    None => return false,
                },
            }
        }
        self.pieces[p..].iter().all(|piece| *piece == Piece::Any)
    }
}

fn fold(c: char, ignore_case: bool) -> char {
    if ignore_case {
        c.to_ascii_lowercase()
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::Wildcard;

    fn m(pattern: &str, text: &str) -> bool {
        Wildcard::new(pattern, false).matches(text)
    }

    #[test]
    fn stars_and_question_marks() {
        // "Path conditions": `/img/*` matches below /img/, `?` exactly one character
        assert!(m("/img/*", "/img/a/b.png"));
        assert!(m("/img/*", "/img/"));
        assert!(!m("/img/*", "/img"));
        assert!(m("*", ""));
        assert!(m("/a?c", "/abc"));
        assert!(!m("/a?c", "/ac"));
        assert!(m("*.example.com", "test.example.com"));
        // ELB docs: `*.example.com` does not match `example.com`
        assert!(!m("*.example.com", "example.com"));
        assert!(m("/*/x/*", "/a/b/x/c"));
        assert!(!m("/*/x/*", "/a/b/y/c"));
        assert!(m("a*b*c", "aXbYbZc"));
        assert!(!m("a*b*c", "aXbYbZ"));
    }

    #[test]
    fn case_and_escapes() {
        assert!(!m("/Users", "/users"));
        assert!(Wildcard::new("*.EXAMPLE.com", true).matches("api.example.COM"));
        assert!(Wildcard::new(r"a\*b", true).matches("a*b"));
        assert!(!Wildcard::new(r"a\*b", true).matches("axxb"));
        assert!(Wildcard::new(r"what\?", true).matches("what?"));
        assert!(Wildcard::new("end\\", false).matches("end\\"));
    }

    #[test]
    fn many_stars_stay_fast() {
        let pattern = "*a*a*a*a*a*b";
        let text = "a".repeat(5_000);
        assert!(!m(pattern, &text));
    }
}

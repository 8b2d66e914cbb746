//! The template as pretty JSON, byte for byte what `serde_json::to_string_pretty` writes (2-space
//! indent, `": "` after keys, `{}`/`[]` for empty containers, the same string escapes), but
//! written straight into a byte buffer instead of through serde's serializer, and streamed to
//! a writer in large chunks. A large template's `Resources` are printed in parts, shared with
//! another thread, and written in order.

use serde_json::{Map, Value};
use std::io::{self, Write};

/// Flush to the sink once the buffer holds this much.
const CHUNK: usize = 1 << 16;

/// From this many resources on, printing them is shared with another thread.
const PARALLEL_RESOURCES: usize = 256;

/// Resources printed into one buffer, handed to a thread at a time.
const CHUNK_RESOURCES: usize = 64;

/// `value` pretty-printed into `out`.
pub fn to_vec(value: &Value, out: &mut Vec<u8>) {
    let mut p = Printer {
        buf: std::mem::take(out),
        sink: None,
        error: None,
    };
    p.template(value);
    *out = p.buf;
}

/// `value` pretty-printed to `sink`, in chunks.
pub fn write(value: &Value, sink: &mut dyn Write) -> io::Result<()> {
    let mut p = Printer {
        buf: Vec::with_capacity(CHUNK + 4096),
        sink: Some(sink),
        error: None,
    };
    p.template(value);
    p.flush();
    match p.error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

struct Printer<'a> {
    buf: Vec<u8>,
    sink: Option<&'a mut dyn Write>,
    error: Option<io::Error>,
}

impl Printer<'_> {
    fn flush(&mut self) {
        if let Some(sink) = self.sink.as_mut() {
            if self.error.is_none()
                && let Err(e) = sink.write_all(&self.buf)
            {
                self.error = Some(e);
            }
            self.buf.clear();
        }
    }

    /// Writes `bytes` printed elsewhere after what is in the buffer.
    fn append(&mut self, bytes: &[u8]) {
        if self.sink.is_some() {
            self.flush();
            if let Some(sink) = self.sink.as_mut()
                && self.error.is_none()
                && let Err(e) = sink.write_all(bytes)
            {
                self.error = Some(e);
            }
        } else {
            self.buf.extend_from_slice(bytes);
        }
    }

    /// `value` at depth 0; when it is an object with many `Resources`, they are printed in
    /// parts by two threads and written in order (same bytes).
    fn template(&mut self, value: &Value) {
        let (Value::Object(top), Some(Value::Object(resources))) = (value, value.get("Resources"))
        else {
            return self.value(value, 0);
        };
        if resources.len() < PARALLEL_RESOURCES {
            return self.value(value, 0);
        }
        let mut shared = true;
        self.object_with(top, 0, |p, key, v| {
            if !(key == "Resources" && std::mem::take(&mut shared)) {
                return p.value(v, 1);
            }
            p.buf.push(b'{');
            let entries: Vec<(&String, &Value)> = resources.iter().collect();
            let printed =
                crate::par::map(entries.chunks(CHUNK_RESOURCES).enumerate(), |(i, chunk)| {
                    let mut part = Printer {
                        buf: Vec::with_capacity(chunk.len() * 1400),
                        sink: None,
                        error: None,
                    };
                    part.entries(chunk.iter().copied(), 2, i == 0);
                    part.buf
                });
            printed.iter().for_each(|bytes| p.append(bytes));
            p.newline(1);
            p.buf.push(b'}');
        });
    }

    /// An object at `depth`, each value printed by `each`.
    fn object_with(
        &mut self,
        m: &Map<String, Value>,
        depth: usize,
        mut each: impl FnMut(&mut Self, &str, &Value),
    ) {
        if m.is_empty() {
            return self.buf.extend_from_slice(b"{}");
        }
        self.buf.push(b'{');
        for (i, (k, x)) in m.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            self.newline(depth + 1);
            escaped(&mut self.buf, k);
            self.buf.extend_from_slice(b": ");
            each(self, k, x);
        }
        self.newline(depth);
        self.buf.push(b'}');
    }

    /// Object entries at `depth`, each on its own line, a comma before each but the very first
    /// of the object (`first`).
    fn entries<'v>(
        &mut self,
        entries: impl Iterator<Item = (&'v String, &'v Value)>,
        depth: usize,
        first: bool,
    ) {
        for (i, (k, x)) in entries.enumerate() {
            if i > 0 || !first {
                self.buf.push(b',');
            }
            self.newline(depth);
            escaped(&mut self.buf, k);
            self.buf.extend_from_slice(b": ");
            self.value(x, depth);
        }
    }

    fn newline(&mut self, depth: usize) {
        if self.buf.len() >= CHUNK {
            self.flush();
        }
        self.buf.push(b'\n');
        self.buf.resize(self.buf.len() + 2 * depth, b' ');
    }

    fn value(&mut self, v: &Value, depth: usize) {
        match v {
            Value::Null => self.buf.extend_from_slice(b"null"),
            Value::Bool(true) => self.buf.extend_from_slice(b"true"),
            Value::Bool(false) => self.buf.extend_from_slice(b"false"),
            // numbers are rare in a template: serde_json's own formatting
            Value::Number(n) => {
                let _ = serde_json::to_writer(&mut self.buf, n);
            }
            Value::String(s) => escaped(&mut self.buf, s),
            Value::Array(a) if a.is_empty() => self.buf.extend_from_slice(b"[]"),
            Value::Array(a) => {
                self.buf.push(b'[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(b',');
                    }
                    self.newline(depth + 1);
                    self.value(x, depth + 1);
                }
                self.newline(depth);
                self.buf.push(b']');
            }
            Value::Object(m) if m.is_empty() => self.buf.extend_from_slice(b"{}"),
            Value::Object(m) => {
                self.buf.push(b'{');
                self.entries(m.iter(), depth + 1, true);
                self.newline(depth);
                self.buf.push(b'}');
            }
        }
    }
}

/// `s` as a JSON string literal, escaped as serde_json does: `"`, `\`, and control characters
/// (`\b \t \n \f \r` by name, the rest as `\u00xx`); everything else verbatim.
fn escaped(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // eight bytes at a time while none needs escaping
        if let Some(word) = bytes
            .get(i..i + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            && !word_needs_escape(u64::from_le_bytes(word))
        {
            i += 8;
            continue;
        }
        let b = bytes.get(i).copied().unwrap_or(b' ');
        i += 1;
        if b >= 0x20 && b != b'"' && b != b'\\' {
            continue;
        }
        out.extend_from_slice(bytes.get(start..i - 1).unwrap_or_default());
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0c => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
        }
        start = i;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

/// Whether any byte of `x` is a control character, `"` or `\` (exact, no false positives).
fn word_needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    // a byte below 0x20 (`x - 0x20` borrows into its high bit while the byte's own is clear)
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH != 0;
    below_space || has_zero(x ^ (ONES * u64::from(b'"'))) || has_zero(x ^ (ONES * u64::from(b'\\')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn both(v: &Value) -> (String, String) {
        let mut out = Vec::new();
        to_vec(v, &mut out);
        let mut streamed = Vec::new();
        write(v, &mut streamed).unwrap();
        assert_eq!(out, streamed, "buffered and streamed differ");
        (
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(v).unwrap(),
        )
    }

    #[test]
    fn equals_serde_json_pretty() {
        let controls: String = (0u8..0x20).map(char::from).collect();
        let cases = [
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(-17),
            json!(u64::MAX),
            json!(0.5),
            json!(1e300),
            json!(-2.5e-7),
            json!(""),
            json!("plain"),
            json!(controls),
            json!("quote \" backslash \\ slash / del \u{7f} é 漢 😀 \u{2028}"),
            json!([]),
            json!({}),
            json!([[], {}, [[]], {"a": {}}]),
            json!({"k\"ey\n": [1, "x", null, {"n": [true, false]}], "": ""}),
            json!({"Resources": {"A": {"Type": "T", "Properties": {"L": [{"Ref": "B"}]}}}}),
        ];
        for v in &cases {
            let (ours, theirs) = both(v);
            assert_eq!(ours, theirs, "{v:?}");
        }
    }

    #[test]
    fn word_check_matches_the_byte_check() {
        let needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for b in 0..=255u8 {
            for pos in 0..8 {
                let mut w = *b"abcdefgh";
                w[pos] = b;
                assert_eq!(
                    word_needs_escape(u64::from_le_bytes(w)),
                    needs(b),
                    "{b} at {pos}"
                );
            }
        }
        // every escape at every offset of a longer string
        for pos in 0..20 {
            for c in ['"', '\\', '\n', '\u{1}', '\u{1f}', 'é'] {
                let mut s: String = "x".repeat(20);
                s.insert(pos, c);
                let (ours, theirs) = both(&json!({ s.clone(): s }));
                assert_eq!(ours, theirs);
            }
        }
    }

    #[test]
    fn many_resources_print_alike_in_two_halves() {
        for n in [
            PARALLEL_RESOURCES - 1,
            PARALLEL_RESOURCES,
            PARALLEL_RESOURCES * 3 + 1,
        ] {
            let resources: serde_json::Map<String, Value> = (0..n)
                .map(|i| {
                    (
                        format!("R{i}"),
                        json!({"Type": "T", "P": [i, {"\"q": "é"}]}),
                    )
                })
                .collect();
            let v = json!({"A": 1, "Resources": resources, "Outputs": {}, "Z": {"Resources": []}});
            let (ours, theirs) = both(&v);
            assert_eq!(ours, theirs, "{n} resources");
        }
    }

    #[test]
    fn streams_large_values_in_chunks() {
        let big: Vec<Value> = (0..20_000)
            .map(|i| json!({"Name": format!("item-{i}"), "Deep": [{"x": i}]}))
            .collect();
        let v = Value::Array(big);
        let (ours, theirs) = both(&v);
        assert!(ours.len() > 2 * CHUNK);
        assert_eq!(ours, theirs);
    }
}

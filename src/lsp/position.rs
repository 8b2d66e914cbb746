//! Byte offsets ↔ LSP positions. LSP counts lines from 0 and characters in UTF-16 code units
//! (the protocol's default encoding); slsc's spans are byte offsets into the file's text.

use lsp_types::{Position, Range};

/// A text with the start of each line, for converting in both directions.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, line_starts }
    }

    /// The position of byte `offset` (clamped to the text, moved back to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|s| *s <= offset) - 1;
        let start = self.line_starts[line];
        let character: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end.max(start)))
    }

    /// The byte offset of `pos` (the end of its line when past it, the end of the text when
    /// past the last line).
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.line_starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .line_starts
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |next| next - 1);
        let mut units = 0usize;
        for (i, c) in self.text[start..end].char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }

    /// The text of line `line` without its line break.
    pub fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.line_starts.get(line) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_both_ways() {
        let text = "a: é\nb: 𝄞x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(0), Position::new(0, 0));
        // after the two-byte é: one UTF-16 unit
        assert_eq!(idx.position(5), Position::new(0, 4));
        // after the four-byte 𝄞: two UTF-16 units
        let x = text.find('x').unwrap();
        assert_eq!(idx.position(x), Position::new(1, 5));
        assert_eq!(idx.offset(Position::new(1, 5)), x);
        assert_eq!(idx.offset(Position::new(0, 99)), 5);
        assert_eq!(idx.offset(Position::new(9, 0)), text.len());
        assert_eq!(idx.line(1), "b: 𝄞x");
    }
}

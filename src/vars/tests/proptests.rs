//! Property tests of the grammar: no input panics the parser, printed expressions parse back
//! to the same tree, strings without `${` have no variables.

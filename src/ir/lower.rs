//! Lowering: resolved configuration → IR.

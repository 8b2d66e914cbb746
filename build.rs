//! Build settings that Cargo.toml cannot express.
//!
//! On Linux (glibc), the `slsc` binary is linked as a position-dependent executable. A
//! position-independent one carries about 52,000 relative relocations that the dynamic loader
//! applies, page by page, at every start: measured, `slsc --version` went from about 5.4 to
//! 4.1 ms and from 385 to 150 page faults, which is a tenth of a small service's whole
//! `slsc compile`. The price is that the binary's own code is not loaded at a random address
//! (its libraries, stack and heap still are); README.md says how to build it otherwise.
//! Only the binary is affected: the library, tests and benchmarks link as before.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}

//! Gives the shared library a SONAME that carries the exact version: there is no ABI promise
//! yet, so every release is its own ABI.

fn main() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" || os == "freebsd" || os == "netbsd" || os == "openbsd" {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libbildungsnetz.so.{version}");
    }
    println!("cargo:rerun-if-changed=build.rs");
}

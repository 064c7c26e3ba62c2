//! The committed header `ffi/include/bildungsnetz.h` must be what cbindgen generates from the
//! sources. Regenerate it with `BILDUNGSNETZ_BLESS=1 cargo test -p bildungsnetz-ffi --test header`
//! (or `make header`).

use std::path::Path;

#[test]
fn committed_header_is_current() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).unwrap();
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .unwrap();
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let generated = String::from_utf8(generated).unwrap();
    let path = crate_dir.join("include/bildungsnetz.h");
    if std::env::var_os("BILDUNGSNETZ_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "ffi/include/bildungsnetz.h is stale: regenerate it with `make header` \
         (BILDUNGSNETZ_BLESS=1 cargo test -p bildungsnetz-ffi --test header)"
    );
}

//! The law files and the list of open questions stay in step: every rule whose source note marks
//! something as unverified ([U]) is listed in `docs/law/open-questions.md`.

use std::path::Path;

#[test]
fn every_unverified_rule_is_an_open_question() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let questions = std::fs::read_to_string(root.join("../docs/law/open-questions.md")).unwrap();
    let mut unlisted = Vec::new();
    let mut marked = 0;
    for entry in std::fs::read_dir(root.join("src/rules/params")).unwrap() {
        let path = entry.unwrap().path();
        let law: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (id, rule) in law["rules"].as_object().unwrap() {
            let versions = rule["versions"].as_array().unwrap();
            if versions
                .iter()
                .any(|v| v["source"].as_str().is_some_and(|s| s.contains("[U]")))
            {
                marked += 1;
                if !questions.contains(&format!("`{id}`")) {
                    unlisted.push(id.clone());
                }
            }
        }
    }
    assert!(marked > 0);
    assert!(
        unlisted.is_empty(),
        "not in open-questions.md: {unlisted:?}"
    );
}

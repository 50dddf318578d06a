//! The house drawn by the import graph: every module of `src/` belongs to a
//! stage, in the order data flows (see `docs/ARCHITECTURE.md`), and imports
//! only from its own stage, the stages before it, or the base modules; the
//! base modules import only each other. So inference never imports training,
//! and no stage reaches forward. Modules name what they use by the module
//! that defines it (`crate::block::Block`), never through the crate root's
//! re-exports, which are for users outside the crate.

use std::path::{Path, PathBuf};

/// The stages, in the order data flows through them; 0 is the base modules.
const STAGES: [(&str, u8); 12] = [
    ("block", 0),
    ("label", 0),
    ("page_type", 0),
    ("error", 0),
    ("numeric", 0),
    ("input", 1),
    ("features", 2),
    ("model", 3),
    ("sequence", 4),
    ("pipeline", 5),
    ("extract", 6),
    ("train", 7),
];

fn stage_of(module: &str) -> Option<u8> {
    STAGES.iter().find(|(m, _)| *m == module).map(|(_, s)| *s)
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's code outside its unit tests, without comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap();
    text.lines()
        .map(|l| l.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment after each `crate::` in `code`.
fn crate_paths(code: &str) -> Vec<String> {
    code.match_indices("crate::")
        .filter(|(i, _)| !code[..*i].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
        .map(|(i, m)| {
            code[i + m.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '{')
                .collect()
        })
        .collect()
}

/// Each library module's stage and the crate paths it names.
fn modules() -> Vec<(String, u8, Vec<String>)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let top = rel.split('/').next().unwrap().trim_end_matches(".rs");
        if matches!(top, "lib" | "main" | "cli") {
            continue;
        }
        let stage = stage_of(top).unwrap_or_else(|| panic!("{rel}: a module of no stage"));
        out.push((rel, stage, crate_paths(&code(&path))));
    }
    out
}

#[test]
fn no_stage_imports_a_later_one() {
    let mut wrong = Vec::new();
    for (file, stage, paths) in modules() {
        for path in paths {
            match stage_of(&path) {
                Some(target) if target > stage => wrong.push(format!("{file} -> {path}")),
                _ => {}
            }
        }
    }
    assert!(wrong.is_empty(), "imports of a later stage: {wrong:#?}");
}

#[test]
fn modules_import_from_where_things_are_defined_not_the_root() {
    let mut wrong = Vec::new();
    for (file, _, paths) in modules() {
        for path in paths {
            if stage_of(&path).is_none() {
                wrong.push(format!("{file}: crate::{path}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports through the crate root: {wrong:#?}"
    );
}

#[test]
fn the_checks_see_every_stage_and_a_backward_import() {
    let seen: Vec<u8> = modules().iter().map(|(_, s, _)| *s).collect();
    assert!((0..=7).all(|s| seen.contains(&s)), "{seen:?}");
    assert_eq!(crate_paths("use crate::train::corpus;"), ["train"]);
    assert_eq!(crate_paths("use crate::{Block, Label};"), ["{Block"]);
    assert_eq!(crate_paths("declutter_crate::x"), Vec::<String>::new());
}

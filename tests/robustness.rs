//! Robust by construction: every kind of bad or odd input has one exact,
//! documented outcome (README, "Input that is refused, and why"). Each case
//! checks the exit code, the message naming the file (and line), and that the
//! good inputs of the same call still give exactly their own output.
//!
//! Cases already covered by `tests/cli.rs` (an empty or blank standard input,
//! a Latin-1 page, a missing file and a directory for `clean`, a closed
//! standard output under `head`, a half-written, old-version or missing model,
//! a bad JSON record, an unknown TSV label, a one-label TSV corpus and a
//! missing training file) are not repeated here.

mod common;

use assert_cmd::Command;
use declutter::{Cleaner, DEFAULT_MODEL, Page, SavedModel};
use serde_json::{Value, json};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;

fn declutter() -> Command {
    let mut cmd = Command::cargo_bin("declutter").unwrap();
    // No case may hang: a hang is a failure, not a stuck test run.
    cmd.timeout(Duration::from_secs(300));
    cmd
}

/// What one run of the command did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Run {
    let output = cmd.output().unwrap();
    Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs and expects success with nothing on standard error; returns stdout.
fn ok(cmd: &mut Command) -> String {
    let r = run(cmd);
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    r.stdout
}

struct Dir(TempDir);

impl Dir {
    fn new() -> Self {
        Dir(tempfile::tempdir().unwrap())
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.path().join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    /// Trains a small model on the fixture corpus into `name`.
    fn model(&self, name: &str) -> PathBuf {
        let data = self.write("fixture.tsv", common::corpus_tsv(30));
        let out = self.path(name);
        ok(declutter()
            .args(["train", "--min-df", "1", "--max-iterations", "60", "--data"])
            .arg(&data)
            .arg("--out")
            .arg(&out));
        out
    }
}

fn classify_jsonl(args: &[&Path]) -> Vec<Value> {
    ok(declutter()
        .args(["classify", "--format", "jsonl"])
        .args(args))
    .lines()
    .map(|l| serde_json::from_str(l).unwrap())
    .collect()
}

/// A JSONL row without its `path`, to compare rows of different files.
fn without_path(mut row: Value) -> Value {
    row.as_object_mut().unwrap().remove("path");
    row
}

/// Whether `part`'s lines appear in `whole`'s lines, in order.
fn is_subsequence(part: &str, whole: &str) -> bool {
    let mut lines = whole.lines();
    part.lines().all(|p| lines.any(|w| w == p))
}

// ---------------------------------------------------------------- pages

#[test]
fn empty_blank_and_bom_only_files_have_no_paragraphs_and_do_not_disturb_the_others() {
    let d = Dir::new();
    // A page of which the default model keeps a good part.
    let page = d.write("page.txt", include_str!("../examples/page.txt"));
    let odd = [
        d.write("empty.txt", ""),
        d.write("blank.txt", "\n \t\n\r\n\r\r\n   "),
        d.write("bom.txt", "\u{feff}"),
        d.write("bom-blank.txt", "\u{feff}\r\n\n"),
    ];
    let alone = ok(declutter().arg("clean").arg(&page));
    assert!(!alone.is_empty());
    let together = ok(declutter().arg("clean").args(&odd).arg(&page));
    assert_eq!(together, alone);
    for file in &odd {
        assert_eq!(ok(declutter().arg("clean").arg(file)), "");
        assert_eq!(ok(declutter().arg("classify").arg(file)), "");
    }
    let rows = ok(declutter().arg("classify").arg(&page));
    let prefixed: String = rows
        .lines()
        .map(|l| format!("{}\t{l}\n", page.display()))
        .collect();
    assert_eq!(
        ok(declutter().arg("classify").args(&odd).arg(&page)),
        prefixed
    );
}

#[test]
fn a_50_mb_single_line_is_processed_whole() {
    let d = Dir::new();
    let words = ["alpha", "beta", "said", "the", "Home", "harbour.", "2024"];
    let mut line = String::with_capacity(50 << 20);
    let mut i = 0;
    while line.len() < 50 << 20 {
        line.push_str(words[i % words.len()]);
        line.push(' ');
        i += 1;
    }
    line.push_str("end.");
    let big = d.write("big.txt", format!("{line}\n"));
    let out = ok(declutter().arg("clean").arg(&big));
    assert!(
        out.is_empty() || (out.len() == line.len() + 1 && out[..line.len()] == line),
        "the output is neither the line nor empty ({} bytes)",
        out.len()
    );
}

#[test]
fn a_million_one_word_lines_give_a_million_rows() {
    let d = Dir::new();
    let words = ["Home", "news", "Subscribe", "minister", "2024", "Reply"];
    let n = 1_000_000;
    let page: String = (0..n).map(|i| format!("{}\n", words[i % 6])).collect();
    let file = d.write("million.txt", &page);
    let rows = ok(declutter().arg("classify").arg(&file));
    assert_eq!(rows.lines().count(), n);
    for (i, row) in rows.lines().enumerate() {
        assert_eq!(row.rsplit('\t').next(), Some(words[i % 6]), "row {i}");
    }
    let kept = ok(declutter().arg("clean").arg(&file));
    assert!(kept.lines().count() <= n);
    assert!(is_subsequence(&kept, &page));
}

#[test]
fn binary_inputs_are_refused_with_the_offset_and_the_others_still_processed() {
    let d = Dir::new();
    let page = d.write("page.txt", common::UNSEEN_PAGE);
    let mid_text = "Home\nThe article text.\0more text\n";
    let mid = d.write("mid.txt", mid_text);
    let elf = d.write("prog", b"\x7fELF\x02\x01\x01\x00\x00\x00");
    let alone = ok(declutter().arg("clean").arg(&page));
    for command in ["clean", "classify"] {
        let r = run(declutter()
            .arg(command)
            .arg(&mid)
            .arg("-")
            .arg(&elf)
            .arg(&page)
            .write_stdin(&b"\0\0\0 binary on standard input"[..]));
        assert_eq!(r.code, 1, "{}", r.stderr);
        for (name, offset) in [
            (mid.display().to_string(), mid_text.find('\0').unwrap()),
            ("-".into(), 0),
            (elf.display().to_string(), 7),
        ] {
            let expected = format!(
                "declutter: error: {name}: skipped: binary data (a NUL byte at offset {offset})"
            );
            assert!(
                r.stderr.contains(&expected),
                "{} lacks {expected}",
                r.stderr
            );
        }
        assert_eq!(r.stderr.lines().count(), 3, "{}", r.stderr);
        if command == "clean" {
            assert_eq!(r.stdout, alone);
        } else {
            assert_eq!(
                r.stdout.lines().count(),
                common::UNSEEN_PAGE.lines().count()
            );
            assert!(
                r.stdout
                    .lines()
                    .all(|l| l.starts_with(&format!("{}\t", page.display())))
            );
        }
    }
}

/// An endless binary input (`/dev/zero`) is refused at its first bytes, not
/// read into memory until the machine runs out.
#[cfg(target_os = "linux")]
#[test]
fn an_endless_binary_input_is_refused_without_reading_it_all() {
    let d = Dir::new();
    let page = d.write("page.txt", common::UNSEEN_PAGE);
    let alone = ok(declutter().arg("clean").arg(&page));
    let r = run(declutter()
        .timeout(Duration::from_secs(60))
        .args(["clean", "/dev/zero"])
        .arg(&page));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        "declutter: error: /dev/zero: skipped: binary data (a NUL byte at offset 0), not a text page\n"
    );
    assert_eq!(r.stdout, alone);
}

#[test]
fn invalid_utf8_in_the_middle_of_a_page_is_replaced_with_a_warning() {
    let d = Dir::new();
    let bytes: &[u8] = b"Home\nNews\nThe caf\xe9 owner said on Friday that the harbour \xff\xfe would reopen after the storm.\nShare on Facebook\nlast \xe6\x97";
    let bad = d.write("bad.txt", bytes);
    let fixed = d.write("fixed.txt", String::from_utf8_lossy(bytes).as_bytes());
    for command in ["clean", "classify"] {
        let r = run(declutter().arg(command).arg(&bad));
        assert_eq!(r.code, 0);
        assert_eq!(
            r.stderr,
            format!(
                "declutter: warning: {}: invalid UTF-8, 4 sequence(s) replaced by U+FFFD\n",
                bad.display()
            )
        );
        assert_eq!(r.stdout, ok(declutter().arg(command).arg(&fixed)));
    }
    let r = run(declutter()
        .args(["classify", "--format", "jsonl"])
        .arg(&bad));
    assert_eq!(r.code, 0);
    let rows: Vec<Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(
        rows[2]["text"],
        "The caf\u{fffd} owner said on Friday that the harbour \u{fffd}\u{fffd} would reopen after the storm."
    );
    assert_eq!(rows[4]["text"], "last \u{fffd}");
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_paragraph() {
    let d = Dir::new();
    let plain = d.write("plain.txt", common::UNSEEN_PAGE);
    let bom = d.write("bom.txt", format!("\u{feff}{}", common::UNSEEN_PAGE));
    let bom_crlf = d.write(
        "bom-crlf.txt",
        format!("\u{feff}{}", common::UNSEEN_PAGE.replace('\n', "\r\n")),
    );
    let expected: Vec<Value> = classify_jsonl(&[&plain])
        .into_iter()
        .map(without_path)
        .collect();
    assert_eq!(expected[0]["text"], "Home");
    for file in [&bom, &bom_crlf] {
        let rows: Vec<Value> = classify_jsonl(&[file])
            .into_iter()
            .map(without_path)
            .collect();
        assert_eq!(rows, expected, "{}", file.display());
        assert_eq!(
            ok(declutter().arg("clean").arg(file)),
            ok(declutter().arg("clean").arg(&plain))
        );
    }
}

#[test]
fn crlf_and_lone_cr_line_ends_give_the_right_line_numbers() {
    let d = Dir::new();
    let mut lines: Vec<&str> = Vec::new();
    for (i, line) in common::UNSEEN_PAGE.lines().enumerate() {
        lines.push(line);
        if i % 3 == 0 {
            lines.push("");
        }
    }
    let expected_numbers: Vec<usize> = (1..=lines.len())
        .filter(|&n| !lines[n - 1].is_empty())
        .collect();
    let join = |ends: &[&str], last: &str| -> String {
        let mut page = String::new();
        for (i, line) in lines.iter().enumerate() {
            page.push_str(line);
            if i + 1 < lines.len() {
                let end = ends[i % ends.len()];
                let next_end = ends[(i + 1) % ends.len()];
                // "\r" then an empty line then "\n" would read as one "\r\n".
                if end == "\r" && lines[i + 1].is_empty() && next_end.starts_with('\n') {
                    page.push_str("\r\n");
                } else {
                    page.push_str(end);
                }
            }
        }
        page + last
    };
    let reference: Vec<Value> = classify_jsonl(&[&d.write("lf.txt", join(&["\n"], "\n"))])
        .into_iter()
        .map(without_path)
        .collect();
    let numbers: Vec<usize> = reference
        .iter()
        .map(|r| r["line"].as_u64().unwrap() as usize)
        .collect();
    assert_eq!(numbers, expected_numbers);
    let variants = [
        ("crlf.txt", join(&["\r\n"], "\r\n")),
        ("cr.txt", join(&["\r"], "\r")),
        ("mixed.txt", join(&["\r\n", "\r", "\n"], "")),
        ("no-final.txt", join(&["\n"], "")),
    ];
    let clean_reference = ok(declutter().arg("clean").arg(d.path("lf.txt")));
    for (name, text) in variants {
        let file = d.write(name, text);
        let rows: Vec<Value> = classify_jsonl(&[&file])
            .into_iter()
            .map(without_path)
            .collect();
        assert_eq!(rows, reference, "{name}");
        assert_eq!(
            ok(declutter().arg("clean").arg(&file)),
            clean_reference,
            "{name}"
        );
    }
}

#[test]
fn right_to_left_cjk_and_emoji_text_keeps_every_line_intact() {
    let d = Dir::new();
    let lines = [
        "مرحبا بالعالم، قال الوزير يوم الثلاثاء إن الجسر سيعاد فتحه.",
        "\u{202b}שלום עולם\u{202c} \u{200f}(עברית)\u{200f}",
        "\u{202e}txet desrever\u{202c} and \u{2067}isolated\u{2069}",
        "日本語の記事。東京で火曜日に会議が開かれた。",
        "中文新闻：部长周二表示，这座桥将在数月维修后重新开放。",
        "한국어 기사입니다.",
        "ภาษาไทย ข่าววันนี้",
        "👨‍👩‍👧‍👦 🇺🇦 👍🏽 ok ✔︎ 🏳️‍🌈",
        "e\u{301}te\u{301} cafe\u{301} Z\u{351}\u{36b}\u{343}a\u{308}\u{332}l\u{34a}g\u{31c}o",
        "\u{200b}",
        "\u{2028}inside one line\u{2029}still the same line",
        "tab\tseparated\tline",
        "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 𝔪𝔞𝔱𝔥 ℌ𝔢𝔩𝔩𝔬",
    ];
    let page = lines.join("\n");
    let file = d.write("world.txt", &page);
    let rows = classify_jsonl(&[&file]);
    let texts: Vec<&str> = rows.iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(texts, lines);
    let numbers: Vec<u64> = rows.iter().map(|r| r["line"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (1..=lines.len() as u64).collect::<Vec<_>>());
    let tsv = ok(declutter().arg("classify").arg(&file));
    assert_eq!(tsv.lines().count(), lines.len());
    let kept = ok(declutter().arg("clean").arg(&file));
    assert!(is_subsequence(&kept, &page), "{kept}");
}

#[test]
fn missing_and_directory_inputs_do_not_stop_classify() {
    let d = Dir::new();
    let page = d.write("page.txt", common::UNSEEN_PAGE);
    let missing = d.path("missing.txt");
    let dir = d.path("sub");
    fs::create_dir(&dir).unwrap();
    let rows = ok(declutter().arg("classify").arg(&page));
    let r = run(declutter()
        .arg("classify")
        .arg(&missing)
        .arg(&dir)
        .arg(&page));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(&format!(
            "declutter: error: {}: No such file",
            missing.display()
        )),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "declutter: error: {}: is a directory",
            dir.display()
        )),
        "{}",
        r.stderr
    );
    let prefixed: String = rows
        .lines()
        .map(|l| format!("{}\t{l}\n", page.display()))
        .collect();
    assert_eq!(r.stdout, prefixed);
}

/// Runs `args` with a standard output whose reading end is already closed:
/// every write fails with a broken pipe, deterministically.
fn with_closed_stdout(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("declutter"))
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(writer)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn a_closed_standard_output_ends_every_command_quietly() {
    let d = Dir::new();
    let model = d.model("model.json");
    let page = d.write("page.txt", common::UNSEEN_PAGE.repeat(50));
    let data = d.write("data.jsonl", common::corpus_jsonl(10));
    let out = d.path("new-model.json");
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    let commands: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec![os("clean"), page.as_os_str()],
        vec![os("classify"), page.as_os_str()],
        vec![
            os("classify"),
            os("--format"),
            os("jsonl"),
            page.as_os_str(),
        ],
        vec![
            os("eval"),
            os("--model"),
            model.as_os_str(),
            os("--data"),
            data.as_os_str(),
        ],
        vec![
            os("eval"),
            os("--json"),
            os("--model"),
            model.as_os_str(),
            os("--data"),
            data.as_os_str(),
        ],
        vec![
            os("train"),
            os("--min-df"),
            os("1"),
            os("--max-iterations"),
            os("30"),
            os("--data"),
            data.as_os_str(),
            os("--out"),
            out.as_os_str(),
            os("--dev"),
            data.as_os_str(),
        ],
    ];
    for args in commands {
        let (code, stderr) = with_closed_stdout(&args);
        assert_eq!((code, stderr.as_str()), (Some(0), ""), "{args:?}");
    }
    // The model was written before the report that could not be printed.
    assert!(SavedModel::load(&out).is_ok());
}

#[test]
fn clean_and_classify_never_write_their_inputs() {
    let d = Dir::new();
    let files = [
        d.write("page.txt", common::UNSEEN_PAGE),
        d.write("crlf.txt", common::UNSEEN_PAGE.replace('\n', "\r\n")),
        d.write("latin1.txt", b"Home\nThe caf\xe9 owner said so.\n"),
        d.write("binary.bin", b"abc\0def"),
        d.write("empty.txt", ""),
    ];
    let before: Vec<(Vec<u8>, std::time::SystemTime)> = files
        .iter()
        .map(|f| {
            (
                fs::read(f).unwrap(),
                fs::metadata(f).unwrap().modified().unwrap(),
            )
        })
        .collect();
    std::thread::sleep(Duration::from_millis(20));
    for command in ["clean", "classify"] {
        let r = run(declutter().arg(command).args(&files));
        assert_eq!(r.code, 1, "{}", r.stderr);
    }
    for (file, (bytes, mtime)) in files.iter().zip(before) {
        assert_eq!(fs::read(file).unwrap(), bytes, "{}", file.display());
        assert_eq!(
            fs::metadata(file).unwrap().modified().unwrap(),
            mtime,
            "{}",
            file.display()
        );
    }
    let names: Vec<_> = fs::read_dir(d.0.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), files.len(), "{names:?}");
}

// ---------------------------------------------------------------- models

/// The embedded default model as JSON, to break in chosen ways.
fn default_json() -> Value {
    serde_json::from_slice(DEFAULT_MODEL).unwrap()
}

/// The model file format version this build reads: the embedded model's.
fn version() -> u64 {
    default_json()["version"].as_u64().unwrap()
}

fn with(mut json: Value, pointer: &str, value: Value) -> Vec<u8> {
    *json
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("the model file has no {pointer}")) = value;
    serde_json::to_vec(&json).unwrap()
}

/// Model files that must each be refused at load time, and what the message says.
fn unusable_models() -> Vec<(&'static str, Vec<u8>, String)> {
    let bytes = DEFAULT_MODEL.to_vec();
    let json = default_json();
    let n_terms = json["featurizer"]["tfidf"]["terms"]
        .as_array()
        .unwrap()
        .len();
    let rows = json["model"]["weights"]["dim"][0].as_u64().unwrap();
    let mut fewer_terms = json.clone();
    for key in ["terms", "idf"] {
        fewer_terms["featurizer"]["tfidf"][key]
            .as_array_mut()
            .unwrap()
            .pop();
    }
    let mut twice = json.clone();
    let first = twice["featurizer"]["tfidf"]["terms"][0].clone();
    twice["featurizer"]["tfidf"]["terms"][1] = first;
    let not_usable = |s: &str| s.to_string();
    // A third of the file, cut before a comma so that no number is cut short
    // (a cut inside a number is an invalid number, not an early end).
    let third = bytes.len() / 3
        + bytes[bytes.len() / 3..]
            .iter()
            .position(|&b| b == b',')
            .unwrap_or(0);
    vec![
        ("empty.json", Vec::new(), not_usable("the file is empty")),
        (
            "blank.json",
            b"\n  \r\n".to_vec(),
            not_usable("the file is empty"),
        ),
        (
            "third.json",
            bytes[..third].to_vec(),
            not_usable("not a model file (EOF while parsing"),
        ),
        (
            "short.json",
            bytes[..bytes.len() - 1].to_vec(),
            not_usable("not a model file (EOF while parsing"),
        ),
        (
            "binary.json",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            not_usable("not a model file"),
        ),
        (
            "array.json",
            b"[1, 2, 3]".to_vec(),
            not_usable("not a model file"),
        ),
        (
            "string.json",
            b"\"declutter-model\"".to_vec(),
            not_usable("not a model file"),
        ),
        (
            "other-format.json",
            with(json.clone(), "/format", json!("other-model")),
            not_usable("the format is not \"declutter-model\""),
        ),
        (
            "newer.json",
            with(json.clone(), "/version", json!(version() + 1)),
            format!(
                "format version {}, but this build reads version {}",
                version() + 1,
                version()
            ),
        ),
        (
            "huge-version.json",
            with(json.clone(), "/version", json!(1u64 << 40)),
            not_usable("not a model file"),
        ),
        (
            "string-version.json",
            with(json.clone(), "/version", json!(version().to_string())),
            not_usable("not a model file"),
        ),
        (
            "no-version.json",
            {
                let mut j = json.clone();
                j.as_object_mut().unwrap().remove("version");
                serde_json::to_vec(&j).unwrap()
            },
            not_usable("no format version"),
        ),
        (
            "fewer-terms.json",
            serde_json::to_vec(&fewer_terms).unwrap(),
            {
                let groups = |terms: usize| {
                    let widths = json["groups"].as_array().unwrap().iter().skip(1);
                    let rest: Vec<String> = widths
                        .map(|g| format!("{} {}", g["name"].as_str().unwrap(), g["width"]))
                        .collect();
                    format!("[terms {terms}, {}]", rest.join(", "))
                };
                format!(
                    "fitted on the feature groups {}, but this build makes {}",
                    groups(n_terms),
                    groups(n_terms - 1)
                )
            },
        ),
        (
            "fewer-terms-and-groups.json",
            {
                let mut j = fewer_terms.clone();
                j["groups"][0]["width"] = json!(n_terms - 1);
                serde_json::to_vec(&j).unwrap()
            },
            format!(
                "the model has {rows} features but its featurizer makes {}",
                rows - 1
            ),
        ),
        (
            "terms-and-idf.json",
            {
                let mut j = json.clone();
                j["featurizer"]["tfidf"]["idf"]
                    .as_array_mut()
                    .unwrap()
                    .pop();
                serde_json::to_vec(&j).unwrap()
            },
            format!("{n_terms} terms but {} idf weights", n_terms - 1),
        ),
        (
            "twice.json",
            serde_json::to_vec(&twice).unwrap(),
            not_usable("is listed twice"),
        ),
        (
            "negative-idf.json",
            with(json.clone(), "/featurizer/tfidf/idf/0", json!(-1.0)),
            not_usable("an idf weight is not a number between 0 and 1000"),
        ),
        (
            "huge-rows.json",
            with(
                json.clone(),
                "/model/weights/dim",
                json!([4_000_000_000u64, 3]),
            ),
            not_usable("data and dimension must match in size"),
        ),
        (
            "overflowing-rows.json",
            with(json.clone(), "/model/weights/dim", json!([u64::MAX, 3])),
            not_usable("not a usable declutter model: "),
        ),
        (
            "huge-intercept.json",
            with(
                json.clone(),
                "/model/intercept/dim",
                json!([4_000_000_000u64]),
            ),
            not_usable("data and dimension must match in size"),
        ),
        (
            "one-column.json",
            with(json.clone(), "/model/weights/dim", json!([rows * 3, 1])),
            not_usable("weights have 1 columns and 3 intercepts; expected 3"),
        ),
        (
            "infinite-weight.json",
            with(json.clone(), "/model/weights/data/0", json!(1e39)),
            not_usable("a weight is not a finite number"),
        ),
        (
            "huge-weight.json",
            with(json.clone(), "/model/weights/data/0", json!(3e38)),
            not_usable("a weight is over 1e6 in size"),
        ),
        (
            "array-version.json",
            with(json.clone(), "/model/weights/v", json!(2)),
            not_usable("unknown array version: 2"),
        ),
    ]
}

#[test]
fn unusable_model_files_are_refused_at_load_naming_the_file() {
    let d = Dir::new();
    let page = d.write("page.txt", common::UNSEEN_PAGE);
    let data = d.write("data.jsonl", common::corpus_jsonl(2));
    for (name, bytes, message) in unusable_models() {
        let model = d.write(name, bytes);
        let prefix = format!(
            "declutter: error: {}: not a usable declutter model: ",
            model.display()
        );
        let calls: [Vec<&std::ffi::OsStr>; 3] = [
            vec!["clean".as_ref(), page.as_os_str()],
            vec!["classify".as_ref(), page.as_os_str()],
            vec!["eval".as_ref(), "--data".as_ref(), data.as_os_str()],
        ];
        for args in calls {
            let r = run(declutter()
                .arg(args[0])
                .arg("--model")
                .arg(&model)
                .args(&args[1..]));
            assert_eq!(r.code, 1, "{name} {args:?}");
            assert_eq!(r.stdout, "", "{name} {args:?}");
            assert!(r.stderr.starts_with(&prefix), "{name}: {}", r.stderr);
            assert!(
                r.stderr.contains(&message),
                "{name}: {} lacks {message}",
                r.stderr
            );
            assert_eq!(r.stderr.lines().count(), 1, "{name}: {}", r.stderr);
        }
    }
}

#[test]
fn a_directory_or_an_endless_file_as_the_model_is_a_clear_error() {
    let d = Dir::new();
    let dir = d.path("models");
    fs::create_dir(&dir).unwrap();
    let r = run(declutter()
        .arg("clean")
        .arg("--model")
        .arg(&dir)
        .write_stdin("Home\n"));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(
        r.stderr.starts_with(&format!(
            "declutter: error: {}: Is a directory",
            dir.display()
        )),
        "{}",
        r.stderr
    );
    if cfg!(target_os = "linux") {
        let r = run(declutter()
            .timeout(Duration::from_secs(60))
            .args(["clean", "--model", "/dev/zero"])
            .write_stdin("Home\n"));
        assert_eq!((r.code, r.stdout.as_str()), (1, ""));
        assert!(
            r.stderr
                .starts_with("declutter: error: /dev/zero: not a usable declutter model: "),
            "{}",
            r.stderr
        );
    }
}

// The largest single allocation made on the current thread, to check that
// sizes read from a model file are not trusted before the data backs them.
thread_local! {
    static LARGEST: Cell<usize> = const { Cell::new(0) };
}

struct Tracking;

unsafe impl GlobalAlloc for Tracking {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = LARGEST.try_with(|l| l.set(l.get().max(layout.size())));
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Tracking = Tracking;

fn largest_allocation<T>(f: impl FnOnce() -> T) -> (T, usize) {
    LARGEST.with(|l| l.set(0));
    let result = f();
    (result, LARGEST.with(Cell::get))
}

#[test]
fn sizes_in_a_model_file_are_bounded_before_allocating() {
    let limit = 64 << 20;
    let (good, used) = largest_allocation(|| SavedModel::from_bytes(DEFAULT_MODEL, "m.json"));
    assert!(good.is_ok());
    assert!(used > 0 && used < limit, "{used}");
    for (name, bytes, message) in unusable_models() {
        let (result, used) = largest_allocation(|| SavedModel::from_bytes(&bytes, name));
        let err = result.expect_err(name).to_string();
        assert!(
            err.starts_with(&format!("{name}: not a usable declutter model: ")),
            "{err}"
        );
        assert!(err.contains(&message), "{err} lacks {message}");
        assert!(used < limit, "{name}: a {used}-byte allocation");
    }
}

#[test]
fn every_good_model_file_is_accepted_whatever_its_formatting() {
    // Pretty-printed, with the fields in another order and unknown fields added:
    // still the same model.
    let mut json = default_json();
    json["comment"] = json!("added by hand");
    let pretty = serde_json::to_vec_pretty(&json).unwrap();
    let cleaner = Cleaner::from_model(SavedModel::from_bytes(&pretty, "pretty.json").unwrap());
    let reference = Cleaner::new().unwrap();
    let page = Page::text(common::UNSEEN_PAGE);
    assert_eq!(
        cleaner.extract(page).unwrap(),
        reference.extract(page).unwrap()
    );
}

// ---------------------------------------------------------------- training data

#[test]
fn malformed_training_records_name_file_and_line_and_keep_the_old_model() {
    let d = Dir::new();
    let model = d.model("model.json");
    let before = fs::read(&model).unwrap();
    let good = common::corpus_jsonl(2);
    let cases: Vec<(&str, Vec<u8>, usize, &str)> = vec![
        (
            "no-paragraphs.jsonl",
            format!("{good}{{\"id\": \"x\"}}\n").into_bytes(),
            3,
            "missing field `paragraphs`",
        ),
        (
            "array.jsonl",
            format!("[1, 2]\n{good}").into_bytes(),
            1,
            "invalid type",
        ),
        (
            "truncated.jsonl",
            format!("{good}{{\"paragraphs\": [{{\"text\": \"a\"").into_bytes(),
            3,
            "EOF while parsing",
        ),
        (
            "menu.jsonl",
            format!("{good}\n{{\"paragraphs\": [{{\"text\": \"Home\", \"label\": \"menu\"}}]}}\n")
                .into_bytes(),
            4,
            "unknown variant `menu`",
        ),
        (
            "number.jsonl",
            b"{\"paragraphs\": [{\"text\": 7, \"label\": \"content\"}]}\n".to_vec(),
            1,
            "invalid type: integer `7`",
        ),
        (
            "latin1.jsonl",
            [
                good.as_bytes(),
                b"{\"paragraphs\": [{\"text\": \"caf\xe9\", \"label\": \"content\"}]}\n",
            ]
            .concat(),
            3,
            "invalid UTF-8",
        ),
        (
            "no-tab.tsv",
            b"content\tBody.\nboilerplate Home\n".to_vec(),
            2,
            "expected label<TAB>text",
        ),
        (
            "sniffed",
            b"content\tBody.\n\nmenus\tHome\n".to_vec(),
            3,
            "unknown label \"menus\"",
        ),
    ];
    for (name, bytes, line, message) in cases {
        let data = d.write(name, bytes);
        let expected = format!("declutter: error: {}:{line}: ", data.display());
        for command in ["train", "eval"] {
            let mut cmd = declutter();
            cmd.arg(command).arg("--data").arg(&data);
            if command == "train" {
                cmd.arg("--out").arg(&model);
            } else {
                cmd.arg("--model").arg(&model);
            }
            let r = run(&mut cmd);
            assert_eq!((r.code, r.stdout.as_str()), (1, ""), "{name} {command}");
            assert!(
                r.stderr.starts_with(&expected),
                "{name}: {} lacks {expected}",
                r.stderr
            );
            assert!(
                r.stderr.contains(message),
                "{name}: {} lacks {message}",
                r.stderr
            );
        }
        assert_eq!(
            fs::read(&model).unwrap(),
            before,
            "{name}: the old model was touched"
        );
    }
}

#[test]
fn pages_with_no_paragraphs_are_skipped_and_counted() {
    let d = Dir::new();
    let data = d.write(
        "data.jsonl",
        format!(
            "{{\"paragraphs\": []}}\n{}\n{{\"id\": \"empty\", \"paragraphs\": []}}\n",
            common::corpus_jsonl(30)
        ),
    );
    let out = d.path("model.json");
    let report = ok(declutter()
        .args(["train", "--min-df", "1", "--max-iterations", "60", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out));
    assert!(report.contains("trained on 30 pages"), "{report}");
    assert!(report.contains("(2 empty pages skipped)"), "{report}");
    assert!(SavedModel::load(&out).is_ok());

    let only_empty = d.write(
        "empty.jsonl",
        "{\"paragraphs\": []}\n\n{\"paragraphs\": []}\n",
    );
    let r = run(declutter()
        .arg("train")
        .arg("--data")
        .arg(&only_empty)
        .arg("--out")
        .arg(d.path("none.json")));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert_eq!(
        r.stderr,
        "declutter: error: training failed: no labelled pages to train on\n"
    );
    assert!(!d.path("none.json").exists());
}

#[test]
fn a_single_label_jsonl_corpus_is_refused() {
    let d = Dir::new();
    let data = d.write(
        "menus.jsonl",
        "{\"paragraphs\": [{\"text\": \"Home\", \"label\": \"boilerplate\"}, {\"text\": \"News\", \"label\": \"boilerplate\"}]}\n",
    );
    let out = d.path("model.json");
    let r = run(declutter()
        .args(["train", "--min-df", "1", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&out));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert_eq!(
        r.stderr,
        "declutter: error: training failed: the data needs at least two labels, it has only [boilerplate]\n"
    );
    assert!(!out.exists());
}

#[test]
fn missing_and_directory_data_files_are_reported_by_name() {
    let d = Dir::new();
    let model = d.model("model.json");
    let before = fs::read(&model).unwrap();
    let data = d.write("data.tsv", common::corpus_tsv(5));
    let missing = d.path("absent.jsonl");
    let dir = d.path("sub");
    fs::create_dir(&dir).unwrap();

    let r = run(declutter()
        .arg("eval")
        .arg("--model")
        .arg(&model)
        .arg("--data")
        .arg(&missing));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(
        r.stderr.starts_with(&format!(
            "declutter: error: {}: No such file",
            missing.display()
        )),
        "{}",
        r.stderr
    );

    let r = run(declutter()
        .arg("train")
        .arg("--data")
        .arg(&data)
        .arg("--dev")
        .arg(&missing)
        .arg("--out")
        .arg(&model));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(
        r.stderr.starts_with(&format!(
            "declutter: error: {}: No such file",
            missing.display()
        )),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read(&model).unwrap(), before);

    let r = run(declutter()
        .arg("train")
        .arg("--data")
        .arg(&dir)
        .arg("--out")
        .arg(&model));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    assert!(
        r.stderr.starts_with(&format!(
            "declutter: error: {}: Is a directory",
            dir.display()
        )),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read(&model).unwrap(), before);

    let r = run(declutter()
        .args(["train", "--min-df", "1", "--max-iterations", "30", "--data"])
        .arg(&data)
        .arg("--out")
        .arg(&dir));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with(&format!("declutter: error: {}: ", dir.display())),
        "{}",
        r.stderr
    );
    assert!(dir.is_dir() && fs::read_dir(&dir).unwrap().next().is_none());
    let leftovers: Vec<_> = fs::read_dir(d.0.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A model whose weights are finite but huge made every probability NaN
/// (`null` in JSONL): the logits overflowed. Such files are now refused.
#[test]
fn a_model_with_huge_finite_weights_is_refused_rather_than_giving_nan() {
    let mut json = default_json();
    let data = json["model"]["weights"]["data"].as_array_mut().unwrap();
    for w in data.iter_mut().step_by(3) {
        *w = json!(3e38);
    }
    let err = SavedModel::from_bytes(&serde_json::to_vec(&json).unwrap(), "m.json").unwrap_err();
    assert_eq!(
        err.to_string(),
        "m.json: not a usable declutter model: a weight is over 1e6 in size"
    );
}

/// Idf weights that are finite but huge would overflow a TF-IDF row's norm and
/// give NaN probabilities: loading refuses them.
#[test]
fn a_model_with_huge_finite_idf_weights_gives_no_nan() {
    let mut json = default_json();
    for w in json["featurizer"]["tfidf"]["idf"].as_array_mut().unwrap() {
        *w = json!(3e38);
    }
    match SavedModel::from_bytes(&serde_json::to_vec(&json).unwrap(), "m.json") {
        Err(e) => assert!(e.to_string().contains("idf"), "{e}"),
        Ok(saved) => {
            let cleaner = Cleaner::from_model(saved);
            let page = Page::text("the the the and and of\nHome\n");
            for c in cleaner.extract(page).unwrap().blocks {
                assert!(c.probabilities.iter().all(|p| p.is_finite()), "{c:?}");
            }
        }
    }
}

/// An endless stream without line ends is refused once a line passes the
/// limit, for training data and for JSON Lines records alike.
#[test]
fn endless_lines_in_data_and_record_streams_are_refused() {
    let r = run(declutter().args([
        "train",
        "--data",
        "/dev/zero",
        "--out",
        "/tmp/declutter-never-written.json",
    ]));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("/dev/zero:1: a line longer than 268435456 bytes"),
        "{}",
        r.stderr
    );
    assert!(!Path::new("/tmp/declutter-never-written.json").exists());
    let d = Dir::new();
    let good = d.write("good.jsonl", "{\"text\": \"Home\\nNews\"}\n");
    let r = run(declutter()
        .args(["clean", "--jsonl", "/dev/zero"])
        .arg(&good));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("/dev/zero:1: a line longer than"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stdout.lines().count(),
        1,
        "the good file is still cleaned"
    );
}

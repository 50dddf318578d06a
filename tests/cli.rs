//! The `declutter` command: each subcommand, and its error paths.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn declutter() -> Command {
    Command::cargo_bin("declutter").unwrap()
}

/// A temporary directory with a tiny training corpus and a model trained on it.
struct Fixture {
    dir: TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("train.tsv"), common::corpus_tsv(30)).unwrap();
        fs::write(dir.path().join("train.jsonl"), common::corpus_jsonl(30)).unwrap();
        fs::write(dir.path().join("page.txt"), common::UNSEEN_PAGE).unwrap();
        Fixture { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    /// Trains a small model from `data` into `model.json` and returns its path.
    fn model(&self, data: &str) -> PathBuf {
        let out = self.path("model.json");
        declutter()
            .args(["train", "--min-df", "1", "--max-iterations", "60", "--data"])
            .arg(self.path(data))
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        out
    }
}

/// Runs a command that must exit 1 (some input failed) and returns its stdout and stderr.
fn failing(cmd: &mut Command) -> (String, String) {
    let output = cmd.assert().code(1).get_output().clone();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (text(output.stdout), text(output.stderr))
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

#[test]
fn clean_with_the_embedded_model_keeps_the_example_article_from_its_headline() {
    let out = stdout_of(declutter().arg("clean").arg(Path::new("examples/page.txt")));
    assert!(out.contains("The town council voted on Tuesday evening"));
    assert!(!out.contains("\nHome\n") && !out.contains("Share on Facebook"));
    assert_eq!(
        out.lines().next(),
        Some("Town council approves new flood barrier for the old harbour"),
        "the headline comes first:\n{out}"
    );
    for teaser_or_form in [
        "Related Stories",
        "New ferry route to the islands starts in May",
        "Leave a Reply",
        "Your email address will not be published",
        "Post Comment",
        "Lifeboat crew rescues two kayakers",
    ] {
        assert!(
            !out.contains(teaser_or_form),
            "kept {teaser_or_form}:\n{out}"
        );
    }
    for line in out.lines() {
        assert!(
            include_str!("../examples/page.txt")
                .lines()
                .any(|l| l == line),
            "changed: {line}"
        );
    }
}

#[test]
fn train_reports_what_it_did_and_the_model_cleans() {
    let f = Fixture::new();
    let out = f.path("model.json");
    declutter()
        .args(["train", "--min-df", "1", "--max-iterations", "60", "--data"])
        .arg(f.path("train.tsv"))
        .arg("--out")
        .arg(&out)
        .arg("--dev")
        .arg(f.path("train.jsonl"))
        .assert()
        .success()
        .stdout(predicate::str::contains("trained on 30 pages"))
        .stdout(predicate::str::contains("vocabulary"))
        .stdout(predicate::str::contains("content (tokens)"));
    let cleaned = stdout_of(
        declutter()
            .arg("clean")
            .arg("--model")
            .arg(&out)
            .arg(f.path("page.txt")),
    );
    assert_eq!(
        cleaned.lines().collect::<Vec<_>>(),
        common::UNSEEN_PAGE
            .lines()
            .skip(3)
            .take(2)
            .collect::<Vec<_>>()
    );
}

#[test]
fn clean_reads_standard_input_and_keeps_chosen_labels() {
    let f = Fixture::new();
    let model = f.model("train.jsonl");
    let run = |args: &[&str]| {
        stdout_of(
            declutter()
                .arg("clean")
                .arg("--model")
                .arg(&model)
                .args(args)
                .write_stdin(common::UNSEEN_PAGE),
        )
    };
    let plain = run(&[]);
    assert_eq!(plain, run(&["-"]));
    assert_eq!(plain.lines().count(), 2);
    let with_related = run(&["--keep", "content,related"]);
    assert!(with_related.contains("Why the harbour matters"));
    declutter()
        .args(["clean", "--keep", "menus"])
        .write_stdin("x")
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown label"));
}

#[test]
fn classify_tsv_has_one_row_per_paragraph_and_a_path_column_for_several_files() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    let page = f.path("page.txt");
    let one = stdout_of(
        declutter()
            .arg("classify")
            .arg("--model")
            .arg(&model)
            .arg(&page),
    );
    let rows: Vec<&str> = one.lines().collect();
    assert_eq!(rows.len(), common::UNSEEN_PAGE.lines().count());
    let first: Vec<&str> = rows[0].split('\t').collect();
    assert_eq!(first[0], "boilerplate");
    assert!(first[1].parse::<f32>().unwrap() > 0.5);
    assert_eq!(first[2], "Home");
    let two = stdout_of(
        declutter()
            .arg("classify")
            .arg("--model")
            .arg(&model)
            .arg(&page)
            .arg(&page),
    );
    assert_eq!(two.lines().count(), 2 * rows.len());
    assert!(
        two.lines()
            .all(|l| l.starts_with(&format!("{}\t", page.display())))
    );
}

#[test]
fn classify_jsonl_gives_path_line_label_and_probabilities() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    let page = f.write(
        "gaps.txt",
        "Home\nNews\n\nThe mayor said on Friday that the harbour would reopen after the storm.\n\
         Police officers confirmed that nobody had been hurt when the old pier collapsed.\n\
         Related\nWhy the harbour matters\nPrivacy Policy\n",
    );
    let out = stdout_of(
        declutter()
            .args(["classify", "--format", "jsonl", "--model"])
            .arg(&model)
            .arg(&page),
    );
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[2]["line"], 4);
    assert_eq!(rows[2]["label"], "content");
    assert_eq!(rows[2]["path"], page.display().to_string());
    assert_eq!(rows[2]["language"], "en");
    let p = &rows[2]["probabilities"];
    let sum: f64 = ["content", "boilerplate", "related"]
        .iter()
        .map(|k| p[k].as_f64().unwrap())
        .sum();
    assert!((sum - 1.0).abs() < 1e-3);
}

#[test]
fn eval_prints_scores_and_json() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    declutter()
        .arg("eval")
        .arg("--model")
        .arg(&model)
        .arg("--data")
        .arg(f.path("train.jsonl"))
        .assert()
        .success()
        .stdout(predicate::str::contains("macro-F1"))
        .stdout(predicate::str::contains("confusion"));
    let json = stdout_of(
        declutter()
            .args(["eval", "--json", "--model"])
            .arg(&model)
            .arg("--data")
            .arg(f.path("train.jsonl")),
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["pages"], 30);
    assert!(report["content_tokens"]["f1"].as_f64().unwrap() > 0.9);
    assert!(report["labels"]["related"]["recall"].is_number());
    assert!(report.get("by_page").is_none());
}

#[test]
fn eval_lists_every_page_worst_first() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    // A page whose one content line is a menu word: the model keeps nothing of it.
    let bad = r#"{"id": "menus-only", "paragraphs": [{"text": "Home", "label": "content"}, {"text": "News", "label": "boilerplate"}]}"#;
    let good = std::fs::read_to_string(f.path("train.jsonl")).unwrap();
    let data = f.write("mixed.jsonl", format!("{good}{bad}\n"));
    let json = stdout_of(
        declutter()
            .args(["eval", "--pages", "--json", "--model"])
            .arg(&model)
            .arg("--data")
            .arg(&data),
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let pages = report["by_page"].as_array().unwrap();
    assert_eq!(pages.len(), 31);
    assert_eq!(pages[0]["id"], "menus-only");
    assert_eq!(pages[0]["f1"], 0.0);
    let f1s: Vec<f64> = pages.iter().map(|p| p["f1"].as_f64().unwrap()).collect();
    assert!(f1s.windows(2).all(|w| w[0] <= w[1]), "{f1s:?}");
    // The pages add up to the whole.
    let paragraphs: u64 = pages
        .iter()
        .map(|p| p["paragraphs"].as_u64().unwrap())
        .sum();
    assert_eq!(report["paragraphs"].as_u64().unwrap(), paragraphs);
    let text = stdout_of(
        declutter()
            .args(["eval", "--pages", "--model"])
            .arg(&model)
            .arg("--data")
            .arg(&data),
    );
    let table = text.split("by page, worst first").nth(1).unwrap();
    // The rest of the heading line, the column names, then a row a page.
    assert_eq!(
        table.lines().filter(|l| !l.trim().is_empty()).count(),
        2 + 31
    );
    assert!(table.lines().nth(2).unwrap().starts_with("menus-only"));
}

#[test]
fn bad_pages_are_reported_by_name_and_the_other_pages_still_cleaned() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    let empty = f.write("empty.txt", "");
    let binary = f.write("binary.bin", b"\x7fELF\x02\x01\x00\x00junk");
    let latin1 = f.write(
        "latin1.txt",
        b"Home\nNews\nThe caf\xe9 owner said on Friday that the harbour would reopen after the storm.\n\
          Police officers confirmed that nobody had been hurt when the old pier collapsed.\n\
          Related\nWhy the harbour matters\nPrivacy Policy\n",
    );
    let missing = f.path("missing.txt");
    let page = f.path("page.txt");
    let (out, err) = failing(declutter().arg("clean").arg("--model").arg(&model).args([
        &empty,
        &binary,
        &latin1,
        &missing,
        f.dir.path(),
        &page,
    ]));
    assert!(
        err.contains(&format!("{}: skipped: binary data", binary.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "warning: {}: invalid UTF-8, 1 sequence",
            latin1.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: No such file", missing.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: is a directory", f.dir.path().display())),
        "{err}"
    );
    assert!(out.contains("The caf\u{fffd} owner said"), "{out}");
    assert!(out.contains("The mayor said on Friday"), "{out}");
}

#[test]
fn empty_input_gives_empty_output_and_success() {
    declutter()
        .arg("clean")
        .write_stdin("")
        .assert()
        .success()
        .stdout("");
    declutter()
        .arg("clean")
        .write_stdin("\n\r\n  \n")
        .assert()
        .success()
        .stdout("");
}

#[test]
fn corrupt_and_missing_models_are_clear_errors() {
    let f = Fixture::new();
    let corrupt = f.write(
        "corrupt.json",
        "{\"format\": \"declutter-model\", \"version\": 1, \"featurizer\": ",
    );
    let old = f.write(
        "old.json",
        "{\"format\": \"declutter-model\", \"version\": 0}",
    );
    for (model, message) in [
        (
            corrupt.clone(),
            format!("{}: not a usable declutter model", corrupt.display()),
        ),
        (
            old.clone(),
            "format version 0, but this build reads version 4".to_string(),
        ),
        (
            f.path("nope.json"),
            format!("{}: No such file", f.path("nope.json").display()),
        ),
    ] {
        declutter()
            .arg("clean")
            .arg("--model")
            .arg(&model)
            .write_stdin("Home\n")
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains(message));
    }
}

#[test]
fn training_errors_name_file_and_line_and_keep_the_old_model() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    let before = fs::read(&model).unwrap();
    let bad_json = f.write(
        "bad.jsonl",
        format!("{}{{\"paragraphs\": [oops]}}\n", common::corpus_jsonl(2)),
    );
    let bad_label = f.write("bad.tsv", "content\tBody text.\nmenu\tHome\n");
    let one_class = f.write("one.tsv", "content\tBody text.\ncontent\tMore body text.\n");
    let cases = [
        (bad_json.clone(), format!("{}:3: ", bad_json.display())),
        (
            bad_label.clone(),
            format!("{}:2: unknown label \"menu\"", bad_label.display()),
        ),
        (
            one_class,
            "at least two labels, it has only [content]".to_string(),
        ),
        (
            f.path("absent.jsonl"),
            format!("{}: No such file", f.path("absent.jsonl").display()),
        ),
    ];
    for (data, message) in cases {
        declutter()
            .arg("train")
            .arg("--data")
            .arg(&data)
            .arg("--out")
            .arg(&model)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(message));
        assert_eq!(
            fs::read(&model).unwrap(),
            before,
            "the old model was touched"
        );
    }
    let leftovers: Vec<_> = fs::read_dir(f.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_closed_standard_output_ends_the_run_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let f = Fixture::new();
    let page = include_str!("../examples/page.txt").repeat(2000);
    let big = f.write("big.txt", page);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("declutter"))
        .arg("clean")
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn directories_are_read_recursively_with_r_and_refused_without() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    let dir = f.path("pages");
    fs::create_dir_all(dir.join("sub")).unwrap();
    let second = common::UNSEEN_PAGE.replace("The mayor said", "The new mayor said");
    fs::write(dir.join("b.txt"), &second).unwrap();
    fs::write(dir.join("a.txt"), common::UNSEEN_PAGE).unwrap();
    fs::write(dir.join("sub").join("c.txt"), "").unwrap();
    let out = stdout_of(
        declutter()
            .args(["classify", "-r", "--model"])
            .arg(&model)
            .arg(&dir),
    );
    let paths: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    let n = common::UNSEEN_PAGE.lines().count();
    assert_eq!(paths.len(), 2 * n);
    assert!(paths[..n].iter().all(|p| p.ends_with("a.txt")));
    assert!(paths[n..].iter().all(|p| p.ends_with("b.txt")));
    declutter()
        .arg("clean")
        .arg(&dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a directory (use -r"));
}

#[test]
fn many_pages_on_several_threads_come_out_in_input_order() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    let pages: Vec<PathBuf> = (0..60)
        .map(|i| {
            let text =
                common::UNSEEN_PAGE.replace("The mayor said", &format!("Mayor number {i} said"));
            f.write(&format!("p{i}.txt"), text)
        })
        .collect();
    let run = |jobs: &str| {
        stdout_of(
            declutter()
                .args(["clean", "-j", jobs, "--model"])
                .arg(&model)
                .args(&pages),
        )
    };
    let parallel = run("4");
    assert_eq!(parallel, run("1"));
    let order: Vec<&str> = parallel
        .lines()
        .filter(|l| l.starts_with("Mayor number"))
        .collect();
    let expected: Vec<String> = (0..60).map(|i| format!("Mayor number {i} said")).collect();
    assert_eq!(order.len(), 60);
    for (line, prefix) in order.iter().zip(&expected) {
        assert!(line.starts_with(prefix.as_str()), "{line}");
    }
}

fn records(f: &Fixture) -> PathBuf {
    let page = common::UNSEEN_PAGE;
    let lines = [
        serde_json::json!({"id": 1, "body": page, "url": "u1"}).to_string(),
        "{not json".to_string(),
        String::new(),
        serde_json::json!({"id": 3, "text": page}).to_string(),
        serde_json::json!({"id": 4, "body": page}).to_string(),
    ];
    f.write("records.jsonl", lines.join("\n") + "\n")
}

#[test]
fn jsonl_records_are_cleaned_in_order_and_bad_ones_reported_by_line() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    let input = records(&f);
    let (out, err) = failing(
        declutter()
            .args(["clean", "--jsonl", "--field", "body", "--model"])
            .arg(&model)
            .arg(&input),
    );
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        rows.iter()
            .map(|r| r["id"].as_i64().unwrap())
            .collect::<Vec<_>>(),
        [1, 4]
    );
    assert_eq!(rows[0]["url"], "u1");
    let cleaned = rows[0]["body"].as_str().unwrap();
    assert!(
        cleaned.starts_with("The mayor said") && !cleaned.contains("Privacy Policy"),
        "{cleaned}"
    );
    assert!(
        err.contains(&format!("{}:2: not JSON", input.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:4: no \"body\" field", input.display())),
        "{err}"
    );
}

#[test]
fn jsonl_inputs_that_cannot_be_read_are_reported_and_the_others_cleaned() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    let input = records(&f);
    let (out, err) = failing(
        declutter()
            .args(["clean", "--jsonl", "--field", "body", "--model"])
            .arg(&model)
            .arg(f.dir.path())
            .arg(f.path("missing.jsonl"))
            .arg(&input),
    );
    assert_eq!(out.lines().count(), 2, "the good records of the last file");
    assert!(
        err.contains(&format!("{}: is a directory", f.dir.path().display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}: No such file",
            f.path("missing.jsonl").display()
        )),
        "{err}"
    );
}

#[test]
fn jsonl_on_error_fail_stops_at_the_first_bad_record_and_labels_can_be_added() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    let input = fs::read_to_string(records(&f)).unwrap();
    let (out, _) = failing(
        declutter()
            .args([
                "clean",
                "--jsonl",
                "--field",
                "body",
                "--on-error",
                "fail",
                "--labels",
                "--model",
            ])
            .arg(&model)
            .write_stdin(input),
    );
    assert_eq!(out.lines().count(), 1);
    let row: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let labels = row["declutter_labels"].as_array().unwrap();
    assert_eq!(labels.len(), common::UNSEEN_PAGE.lines().count());
    assert_eq!(labels[3]["label"], "content");
    assert_eq!(labels[3]["line"], 4);
    assert_eq!(row["declutter_language"], "en");
}

#[test]
fn the_language_is_identified_or_fixed_and_shows_in_the_output() {
    let french = "Accueil\nLe conseil municipal a voté mardi soir la construction d'une nouvelle digue dans le vieux port.\n\
                  Les travaux commenceront au printemps et dureront deux ans, selon le maire de la ville.\n";
    let language_of = |args: &[&str]| {
        let out = stdout_of(
            declutter()
                .args(["classify", "--format", "jsonl"])
                .args(args)
                .write_stdin(french),
        );
        let row: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        row["language"].clone()
    };
    assert_eq!(language_of(&[]), "fr");
    assert_eq!(language_of(&["--language", "german"]), "de");
    assert_eq!(language_of(&["--language", "ces"]), "cs");
    declutter()
        .args(["clean", "--language", "klingon"])
        .write_stdin(french)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language"));
}

#[test]
fn eval_scores_by_language_and_on_made_up_words() {
    let f = Fixture::new();
    let model = f.model("train.tsv");
    let mut lines = String::new();
    for (i, line) in common::corpus_jsonl(4).lines().enumerate() {
        let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
        record["language"] = ["en", "xx"][i % 2].into();
        lines.push_str(&format!("{record}\n"));
    }
    let data = f.write("languages.jsonl", lines);
    let eval = |extra: &[&str]| {
        let json = stdout_of(
            declutter()
                .args(["eval", "--json", "--model"])
                .arg(&model)
                .arg("--data")
                .arg(&data)
                .args(extra),
        );
        serde_json::from_str::<serde_json::Value>(&json).unwrap()
    };
    let report = eval(&[]);
    assert_eq!(report["languages"]["en"]["pages"], 2);
    assert_eq!(report["languages"]["xx"]["pages"], 2);
    let scrambled = eval(&["--scramble"]);
    assert_eq!(scrambled["pages"], 4);
    assert!(scrambled.get("languages").is_none());
    // Made-up words keep every word's place: the same pages, paragraphs and tokens.
    let support = |r: &serde_json::Value| r["content_tokens"]["support"].clone();
    assert_eq!(support(&scrambled), support(&report));
    assert_eq!(scrambled["paragraphs"], report["paragraphs"]);
}

#[test]
fn settings_are_checked_before_any_data_is_read() {
    let (_, err) = failing(declutter().args([
        "train",
        "--alpha",
        "-1",
        "--data",
        "/nonexistent/pages.jsonl",
        "--out",
        "/nonexistent/model.json",
    ]));
    assert_eq!(
        err,
        "declutter: error: invalid setting: alpha is -1, but must be a positive number\n"
    );
    let (_, err) = failing(declutter().args([
        "train",
        "--max-vocabulary",
        "0",
        "--data",
        "/nonexistent/pages.jsonl",
        "--out",
        "/nonexistent/model.json",
    ]));
    assert!(
        err.contains("invalid setting: max_vocabulary is 0"),
        "{err}"
    );
}

#[test]
fn eval_scores_page_facts_against_gold_facts() {
    let f = Fixture::new();
    let html = f.path("html");
    fs::create_dir(&html).unwrap();
    let page = |title: &str, byline: &str| {
        format!(
            "<html><head><title>{title} | The Gazette</title></head><body><nav>Home</nav>\
             <h1>{title}</h1><p>{byline}</p><p>The town council voted on Tuesday evening to \
             build a flood barrier across the old harbour, ending a long debate.</p></body></html>"
        )
    };
    fs::write(
        html.join("a.html"),
        page("Flood barrier approved", "By Ann Lee | May 3, 2024"),
    )
    .unwrap();
    fs::write(
        html.join("b.html"),
        page("Ferry route opens", "Photos of the harbour"),
    )
    .unwrap();
    let record = |id: &str, title: &str, byline: &str| {
        serde_json::json!({"id": id, "paragraphs": [
            {"text": "Home", "label": "boilerplate"},
            {"text": title, "label": "content"},
            {"text": byline, "label": "boilerplate"},
            {"text": "The town council voted on Tuesday evening to build a flood barrier across the old harbour, ending a long debate.", "label": "content"}]})
        .to_string()
    };
    let data = f.write(
        "pages.jsonl",
        format!(
            "{}\n{}\n",
            record("a", "Flood barrier approved", "By Ann Lee | May 3, 2024"),
            record("b", "Ferry route opens", "Photos of the harbour")
        ),
    );
    let meta = f.write(
        "meta.jsonl",
        "{\"id\": \"a\", \"title\": \"Flood barrier approved\", \"author\": \"Ann Lee\", \"publish_date\": \"2024-05-03\"}\n\
         {\"id\": \"b\", \"title\": \"Ferry route opens\", \"author\": null, \"publish_date\": null}\n",
    );
    let json = stdout_of(
        declutter()
            .args(["eval", "--json", "--data"])
            .arg(&data)
            .arg("--html-dir")
            .arg(&html)
            .arg("--meta")
            .arg(&meta),
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let all = &report["facts"]["all"];
    assert_eq!(all["title_exact"], 1.0, "{all}");
    assert_eq!(
        (&all["author_found"], &all["author_invented"]),
        (&1.0.into(), &0.0.into())
    );
    assert_eq!(
        (&all["date_exact"], &all["date_invented"]),
        (&1.0.into(), &0.0.into())
    );
    assert_eq!((&all["authors"], &all["no_author"]), (&1.into(), &1.into()));
    let text = stdout_of(
        declutter()
            .args(["eval", "--data"])
            .arg(&data)
            .arg("--html-dir")
            .arg(&html)
            .arg("--meta")
            .arg(&meta),
    );
    assert!(text.contains("page facts"), "{text}");
}

#[test]
fn eval_scores_the_structure_the_markdown_keeps_against_expected_articles() {
    let f = Fixture::new();
    let html = f.path("html");
    let expected = f.path("expected");
    fs::create_dir(&html).unwrap();
    fs::create_dir(&expected).unwrap();
    let story = "The town council voted on Tuesday evening to build a flood barrier across the old harbour, ending a long debate.";
    let article = format!(
        "<h2>What the barrier does</h2><p>{story}</p><ul><li>It closes in storms and stays open for the boats</li>\
         <li>It costs four million euros over three years</li></ul>"
    );
    fs::write(
        html.join("a.html"),
        format!("<html><body><nav>Home</nav><article>{article}</article></body></html>"),
    )
    .unwrap();
    fs::write(expected.join("a.expected.html"), &article).unwrap();
    let record = serde_json::json!({"id": "a", "paragraphs": [
        {"text": "Home", "label": "boilerplate"},
        {"text": "What the barrier does", "label": "content"},
        {"text": story, "label": "content"},
        {"text": "It closes in storms and stays open for the boats", "label": "content"},
        {"text": "It costs four million euros over three years", "label": "content"}]});
    let data = f.write("pages.jsonl", format!("{record}\n"));
    let eval = |json: bool| {
        let mut cmd = declutter();
        cmd.args(["eval", "--data"])
            .arg(&data)
            .arg("--html-dir")
            .arg(&html);
        cmd.arg("--expected-dir").arg(&expected);
        if json {
            cmd.arg("--json");
        }
        stdout_of(&mut cmd)
    };
    let report: serde_json::Value = serde_json::from_str(&eval(true)).unwrap();
    let structure = &report["structure"];
    assert_eq!(structure["pages"], 1, "{structure}");
    assert_eq!(structure["headings"]["expected"], 1);
    assert_eq!(structure["list_items"]["expected"], 2);
    let kept = |kind: &str| structure[kind]["rendered"].as_u64().unwrap();
    // Each expected heading and item counts when the page's Markdown (as
    // `clean --format markdown` writes it) renders it as such.
    let markdown = stdout_of(
        declutter()
            .args(["clean", "--format", "markdown"])
            .arg(html.join("a.html")),
    );
    let lines: Vec<&str> = markdown.lines().collect();
    assert_eq!(
        kept("headings"),
        lines.contains(&"## What the barrier does") as u64,
        "{markdown}"
    );
    let items = (lines.iter()).filter(|l| l.starts_with("- It c")).count() as u64;
    assert_eq!(kept("list_items"), items, "{markdown}");
    assert_eq!(structure["table_cells"]["expected"], 0);
    assert!(eval(false).contains("structure kept in the Markdown (1 pages"));
}

//! JSON-LD read into flat records: every object with an `@type`, wherever
//! it sits (top level, `@graph`, arrays, nested values), with the few
//! properties page facts read. A script that is not JSON (after the usual
//! repairs: comment and CDATA wrappers, trailing commas, raw control
//! characters) or nests deeper than the JSON reader allows gives nothing.

use serde_json::Value;

/// The deepest nesting of objects and arrays that is flattened.
const MAX_DEPTH: usize = 64;

/// At most this many records are kept a page.
const MAX_RECORDS: usize = 512;

/// A name of a person or organisation in JSON-LD: written out, or a
/// reference (`{"@id": X}`) to the record whose `@id` is X.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Name {
    Text(String),
    Ref(String),
}

/// One JSON-LD object with an `@type`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Record {
    /// Its `@type`s.
    pub(super) types: Vec<String>,
    /// How many objects and arrays hold it.
    pub(super) depth: usize,
    /// The key it sits under in its parent (`None` at the top level).
    pub(super) parent_key: Option<String>,
    pub(super) id: Option<String>,
    pub(super) headline: Option<String>,
    pub(super) name: Option<String>,
    pub(super) date_published: Option<String>,
    pub(super) date_created: Option<String>,
    pub(super) upload_date: Option<String>,
    pub(super) description: Option<String>,
    /// `author`, when the object has the key.
    pub(super) author: Option<Vec<Name>>,
    /// `creator`, when the object has the key.
    pub(super) creator: Option<Vec<Name>>,
    pub(super) publisher: Vec<Name>,
}

impl Record {
    /// Whether one of its types is one of `types`.
    pub(super) fn is_any(&self, types: &[&str]) -> bool {
        self.types.iter().any(|t| types.contains(&t.as_str()))
    }
}

/// The records of a page's JSON-LD scripts, in document order.
pub(super) fn records(scripts: &[String]) -> Vec<Record> {
    let mut out = Vec::new();
    for script in scripts {
        if let Some(value) = parse(script) {
            flatten(&value, 0, None, &mut out);
        }
    }
    out
}

/// A script's JSON, repaired the usual ways when it does not parse as is.
fn parse(script: &str) -> Option<Value> {
    let mut text = unwrap(script.trim()).to_string();
    for attempt in 0..3 {
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            return Some(value);
        }
        text = match attempt {
            0 => without_trailing_commas(&text),
            _ => text.replace(|c: char| c.is_control(), " "),
        };
    }
    None
}

/// A script's text without the `<!-- -->`, `<![CDATA[ ]]>` and
/// `//<![CDATA[ //]]>` wrappers some pages put around it.
fn unwrap(mut s: &str) -> &str {
    for (open, close) in [
        ("<!--", "-->"),
        ("//<![CDATA[", "//]]>"),
        ("<![CDATA[", "]]>"),
    ] {
        s = s.strip_prefix(open).unwrap_or(s).trim();
        s = s.strip_suffix(close).unwrap_or(s).trim();
    }
    s
}

/// `text` without commas before a closing bracket or brace (outside strings
/// or not: a repair, tried only on text that did not parse).
fn without_trailing_commas(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = String::new();
    for c in text.chars() {
        if !pending.is_empty() {
            if c.is_whitespace() {
                pending.push(c);
                continue;
            }
            if c != '}' && c != ']' {
                out.push_str(&pending);
            } else {
                out.push_str(&pending[1..]);
            }
            pending.clear();
        }
        if c == ',' {
            pending.push(c);
        } else {
            out.push(c);
        }
    }
    out.push_str(&pending);
    out
}

fn flatten(value: &Value, depth: usize, parent_key: Option<&str>, out: &mut Vec<Record>) {
    if depth > MAX_DEPTH || out.len() >= MAX_RECORDS {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                flatten(item, depth, parent_key, out);
            }
        }
        Value::Object(map) => {
            if let Some(record) = record(map, depth, parent_key) {
                out.push(record);
            }
            for (key, v) in map {
                if key != "@context" && (v.is_object() || v.is_array()) {
                    flatten(v, depth + 1, Some(key), out);
                }
            }
        }
        _ => {}
    }
}

type Map = serde_json::Map<String, Value>;

fn record(map: &Map, depth: usize, parent_key: Option<&str>) -> Option<Record> {
    let types = match map.get("@type")? {
        Value::Array(items) => items
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect(),
        Value::String(t) => vec![t.clone()],
        _ => Vec::new(),
    };
    let text = |key: &str| map.get(key).and_then(string);
    Some(Record {
        types,
        depth,
        parent_key: parent_key.map(str::to_string),
        id: map.get("@id").and_then(Value::as_str).map(str::to_string),
        headline: text("headline"),
        name: text("name"),
        date_published: text("datePublished"),
        date_created: text("dateCreated"),
        upload_date: text("uploadDate"),
        description: text("description"),
        author: map.get("author").map(names),
        creator: map.get("creator").map(names),
        publisher: map.get("publisher").map(names).unwrap_or_default(),
    })
}

/// A property's text: a string, the first of a list, an object's `@value`
/// or `name`.
fn string(value: &Value) -> Option<String> {
    let value = match value {
        Value::Array(items) => items.first()?,
        v => v,
    };
    let value = match value {
        Value::Object(map) => map.get("@value").or_else(|| map.get("name"))?,
        v => v,
    };
    value.as_str().map(str::to_string)
}

/// The names of an author-like value: a string, an object's `name` (a list
/// or an `@value` allowed), a reference by `@id`, or a list of these.
fn names(value: &Value) -> Vec<Name> {
    let mut out = Vec::new();
    collect_names(value, 0, &mut out);
    out
}

fn collect_names(value: &Value, depth: usize, out: &mut Vec<Name>) {
    match value {
        Value::String(s) => out.push(Name::Text(s.clone())),
        Value::Array(items) if depth < 4 => {
            for item in items {
                collect_names(item, depth + 1, out);
            }
        }
        Value::Object(map) => {
            let name = match map.get("name") {
                Some(Value::Array(items)) => items.first(),
                other => other,
            };
            let name = match name {
                Some(Value::Object(n)) => n.get("@value").or_else(|| n.get("name")),
                other => other,
            };
            match (name.and_then(Value::as_str), map.get("@id")) {
                (Some(n), _) => out.push(Name::Text(n.to_string())),
                (None, Some(id)) if name.is_none_or(is_falsy) => {
                    if let Some(id) = id.as_str().filter(|id| !id.is_empty()) {
                        out.push(Name::Ref(id.to_string()));
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// Whether a JSON value is empty or false, as Python's truth test says.
fn is_falsy(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(n) => n.as_f64() == Some(0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_come_from_graphs_arrays_and_nested_objects() {
        let script = r##"{"@context": "https://schema.org", "@graph": [
            {"@type": "WebSite", "@id": "#site", "name": "The Gazette"},
            {"@type": ["NewsArticle"], "headline": "Flood barrier",
             "datePublished": "2024-05-03T10:00:00+02:00",
             "author": [{"@type": "Person", "name": "Ann Lee"}, {"@id": "#bob"}],
             "publisher": {"@type": "Organization", "name": "Gazette Media"}}]}"##;
        let records = records(&[script.to_string()]);
        let types: Vec<&str> = records.iter().map(|r| r.types[0].as_str()).collect();
        assert_eq!(types, ["WebSite", "NewsArticle", "Person", "Organization"]);
        let article = &records[1];
        assert_eq!(article.parent_key.as_deref(), Some("@graph"));
        assert_eq!(article.depth, 1);
        assert_eq!(
            article.author.as_deref(),
            Some(&[Name::Text("Ann Lee".into()), Name::Ref("#bob".into())][..])
        );
        assert_eq!(article.publisher, [Name::Text("Gazette Media".into())]);
        assert_eq!(records[0].id.as_deref(), Some("#site"));
    }

    #[test]
    fn broken_scripts_are_repaired_or_skipped() {
        let wrapped = "<!--\n{\"@type\": \"Article\", \"name\": \"A\",}\n-->";
        assert_eq!(records(&[wrapped.into()])[0].name.as_deref(), Some("A"));
        let raw_newline = "{\"@type\": \"Article\", \"name\": \"A\nB\"}";
        assert_eq!(
            records(&[raw_newline.into()])[0].name.as_deref(),
            Some("A B")
        );
        assert!(records(&["not json at all {".into()]).is_empty());
        assert!(records(&["".into()]).is_empty());
    }

    #[test]
    fn deep_nesting_gives_nothing_and_does_not_overflow() {
        let deep = format!("{}{}", "[".repeat(1000), "]".repeat(1000));
        assert!(records(&[deep]).is_empty());
        let objects = format!(
            "{}{{\"@type\": \"Article\"}}{}",
            "{\"a\": ".repeat(1000),
            "}".repeat(1000)
        );
        assert!(records(&[objects]).is_empty());
    }
}

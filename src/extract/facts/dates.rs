//! Dates as pages write them: the date part of a structured value (an ISO
//! 8601 prefix, as written, with no time-zone conversion: the page's local
//! day is the publication day far more often than the UTC one), and text
//! dates in English, French, German, Spanish, Portuguese, Italian and Dutch
//! ("September 4, 2025", "4. September 2025", "4 de septiembre de 2025",
//! "03/10/2023", "2025年9月4日"). Relative dates ("3 days ago") are never
//! computed. A date is valid when it is a real calendar day (chrono says)
//! of the years 1990 to 2030.

use super::text::find_where;
use chrono::NaiveDate;
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// The month names and abbreviations of the languages read, with their
/// month: English, French, German, Spanish, Portuguese, Italian, Dutch.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("janv", 1),
    ("févr", 2),
    ("avr", 4),
    ("juil", 7),
    ("déc", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("okt", 10),
    ("dez", 12),
    ("mrz", 3),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
];

/// The earliest and latest years a page's date may have.
const YEARS: std::ops::RangeInclusive<i32> = 1990..=2030;

/// The date of `y`, `m`, `d` when it is a real day of a year in [`YEARS`].
pub(super) fn valid(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    YEARS
        .contains(&y)
        .then(|| NaiveDate::from_ymd_opt(y, m, d))
        .flatten()
}

/// The kinds of text date, in priority order (a line's earliest date wins;
/// at the same place, the earlier kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `2025-9-4`.
    Iso,
    /// `2025/09/04`, `2025.09.04`.
    YmdSlashDot,
    /// `2025年9月4日`.
    Cjk,
    /// `September 4th, 2025`, `Sept. 4 2025`.
    MonthDayYear,
    /// `4 Sep 2025`, `4. September 2025`, `4 de septiembre de 2025`.
    DayMonthYear,
    /// `9/4/2025` (month first unless a part is over 12), `04.09.2025` (day first).
    Numeric,
    /// `2025 Sep 4` (as citations write it).
    YearMonthDay,
}

struct Pattern {
    kind: Kind,
    re: Regex,
    /// Whether the match may follow this character (look-behind).
    before: fn(Option<char>) -> bool,
    /// Whether the match may precede this character (look-ahead).
    after: fn(Option<char>) -> bool,
}

fn any(_: Option<char>) -> bool {
    true
}

fn not_digit(c: Option<char>) -> bool {
    !c.is_some_and(|c| c.is_ascii_digit())
}

fn not_letter(c: Option<char>) -> bool {
    !c.is_some_and(|c| c.is_alphabetic())
}

fn not_digit_slash_dot(c: Option<char>) -> bool {
    !c.is_some_and(|c| c.is_ascii_digit() || c == '/' || c == '.')
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTHS.iter().map(|(m, _)| *m).collect();
    names.sort_by_key(|m| std::cmp::Reverse(m.chars().count()));
    let mon = format!(r"(?P<mon>{})\.?", names.join("|"));
    let d = r"(?P<d>[0-3]?[0-9])(?:st|nd|rd|th|er|º)?";
    let y = r"(?P<y>(?:19|20)[0-9][0-9])";
    let pattern = |kind, re: String, before, after| Pattern {
        kind,
        re: Regex::new(&re).expect("valid date pattern"),
        before,
        after,
    };
    vec![
        pattern(
            Kind::Iso,
            format!(r"{y}-(?P<m>[01]?[0-9])-(?P<d>[0-3]?[0-9])"),
            not_digit,
            not_digit,
        ),
        pattern(
            Kind::YmdSlashDot,
            format!(r"{y}[/.](?P<m>[01]?[0-9])[/.](?P<d>[0-3]?[0-9])"),
            not_digit,
            not_digit,
        ),
        pattern(
            Kind::Cjk,
            format!(r"{y}\s*年\s*(?P<m>[01]?[0-9])\s*月\s*(?P<d>[0-3]?[0-9])\s*日"),
            any,
            any,
        ),
        pattern(
            Kind::MonthDayYear,
            format!(r"(?i){mon}\s+{d},?\s+{y}"),
            not_letter,
            any,
        ),
        pattern(
            Kind::DayMonthYear,
            format!(r"(?i){d}\.?\s+(?:de\s+)?{mon},?\s+(?:de\s+)?{y}"),
            not_digit,
            any,
        ),
        pattern(
            Kind::Numeric,
            format!(r"(?P<a>[0-3]?[0-9])[/.\-](?P<b>[0-3]?[0-9])[/.\-]{y}"),
            not_digit_slash_dot,
            not_digit,
        ),
        pattern(
            Kind::YearMonthDay,
            format!(r"(?i){y}\s+{mon}\s+(?P<d>[0-3]?[0-9])"),
            not_digit,
            not_digit,
        ),
    ]
});

/// The first date written in `s` (the earliest in the text; at the same
/// place, the kind listed first), when there is a valid one.
pub(super) fn parse_text(s: &str) -> Option<NaiveDate> {
    if !has_ascii_digit(s) {
        return None;
    }
    let mut best: Option<(usize, NaiveDate)> = None;
    for p in PATTERNS.iter() {
        let found = find_where(&p.re, s, p.before, p.after)
            .into_iter()
            .find_map(|c| Some((c.get(0)?.start(), date_of(p.kind, &c)?)));
        if let Some((at, date)) = found
            && best.is_none_or(|(b, _)| at < b)
        {
            best = Some((at, date));
        }
    }
    best.map(|(_, date)| date)
}

/// Whether `s` holds an ASCII digit: every date read has its year in
/// ASCII digits, so a line without one holds none (a cheap look that
/// spares the patterns on most lines).
pub(super) fn has_ascii_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

/// The date a match of a pattern of `kind` writes, when valid.
fn date_of(kind: Kind, c: &Captures) -> Option<NaiveDate> {
    let number = |name: &str| c.name(name)?.as_str().parse::<u32>().ok();
    let y = c.name("y")?.as_str().parse::<i32>().ok()?;
    let (m, d) = match kind {
        Kind::Numeric => {
            let (a, b) = (number("a")?, number("b")?);
            let dotted = c.get(0)?.as_str().contains('.');
            if a > 12 || (b <= 12 && dotted) {
                (b, a)
            } else {
                (a, b)
            }
        }
        Kind::MonthDayYear | Kind::DayMonthYear | Kind::YearMonthDay => {
            let name = c.name("mon")?.as_str().to_lowercase();
            let month = MONTHS.iter().find(|(m, _)| *m == name)?.1;
            (month, number("d")?)
        }
        Kind::Iso | Kind::YmdSlashDot | Kind::Cjk => (number("m")?, number("d")?),
    };
    valid(y, m, d)
}

static ISO_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})").expect("valid"));
static COMPACT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{4})([0-9]{2})([0-9]{2})(?:T|$|[0-9])").expect("valid"));

/// The date of a structured value (a `<meta>` content, a JSON-LD
/// `datePublished`, a `datetime` attribute): its `YYYY-MM-DD` or
/// `YYYYMMDD` prefix as written (the time and zone after it ignored), else
/// a text date in it.
pub(super) fn parse_structured(value: &str) -> Option<NaiveDate> {
    match iso_prefix(value) {
        Some(date) => date,
        None => parse_text(value),
    }
}

/// The date of a value written as a machine writes it (`YYYY-MM-DD...`
/// or `YYYYMMDD...`), and nothing else: `Some(None)` when the prefix is
/// there but no valid date.
pub(super) fn iso_prefix(value: &str) -> Option<Option<NaiveDate>> {
    let value = value.trim();
    [&*ISO_PREFIX, &*COMPACT].iter().find_map(|re| {
        let c = re.captures(value)?;
        let part = |i: usize| c.get(i)?.as_str().parse::<u32>().ok();
        let y = c.get(1)?.as_str().parse::<i32>().ok();
        Some(y.and_then(|y| valid(y, part(2)?, part(3)?)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Option<String> {
        parse_text(s).map(|d| d.to_string())
    }

    fn structured(s: &str) -> Option<String> {
        parse_structured(s).map(|d| d.to_string())
    }

    #[test]
    fn structured_values_keep_the_date_as_written() {
        assert_eq!(
            structured("2024-05-03T23:30:00-05:00").as_deref(),
            Some("2024-05-03")
        );
        assert_eq!(structured(" 2024-5-3 ").as_deref(), Some("2024-05-03"));
        assert_eq!(structured("20240503T1000").as_deref(), Some("2024-05-03"));
        assert_eq!(structured("20240503").as_deref(), Some("2024-05-03"));
        assert_eq!(structured("Jun 12, 2024").as_deref(), Some("2024-06-12"));
        assert_eq!(
            structured("Thu, 06/13/2024 - 10:30").as_deref(),
            Some("2024-06-13")
        );
        assert_eq!(structured("2024/06/13").as_deref(), Some("2024-06-13"));
    }

    #[test]
    fn impossible_and_out_of_range_dates_are_absent() {
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "1989-12-31T00:00",
            "2031-01-01",
            "99999-01-01",
            "20245-01-01",
            "0000-00-00",
            "yesterday",
            "",
            "garbage 12:30",
            "2024-13-01",
        ] {
            assert_eq!(structured(bad), None, "{bad}");
        }
        assert_eq!(structured("2024-02-29").as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn a_line_without_an_ascii_digit_has_no_date() {
        assert!(has_ascii_digit("4 May"));
        assert!(!has_ascii_digit("May the fourth, twenty twenty-four"));
        assert_eq!(text("Mai ٢٠٢٤"), None);
        assert_eq!(text("4 May 2024").as_deref(), Some("2024-05-04"));
    }

    #[test]
    fn text_dates_in_several_languages() {
        let cases = [
            ("Posted on September 4th, 2025 by Ann", "2025-09-04"),
            ("Sept. 4 2025", "2025-09-04"),
            ("4. September 2025", "2025-09-04"),
            ("le 4 septembre 2025", "2025-09-04"),
            ("4 de septiembre de 2025", "2025-09-04"),
            ("12 MÄRZ 2024", "2024-03-12"),
            ("Published 2025年9月4日", "2025-09-04"),
            ("03/10/2023", "2023-03-10"),
            ("13/10/2023", "2023-10-13"),
            ("03.10.2023", "2023-10-03"),
            ("Updated 2023-1-5", "2023-01-05"),
            ("2023 Jan 7;15(1):e33475", "2023-01-07"),
            ("2023.01.05", "2023-01-05"),
        ];
        for (s, want) in cases {
            assert_eq!(text(s).as_deref(), Some(want), "{s}");
        }
    }

    #[test]
    fn the_earliest_date_of_a_line_wins() {
        assert_eq!(
            text("May 1, 2020 (updated 2021-02-03)").as_deref(),
            Some("2020-05-01")
        );
        assert_eq!(
            text("2021-02-03, first May 1, 2020").as_deref(),
            Some("2021-02-03")
        );
    }

    #[test]
    fn look_arounds_keep_numbers_whole() {
        assert_eq!(text("12024-05-03"), None);
        assert_eq!(text("2024-05-031"), None);
        assert_eq!(text("1/2/3/2024"), None);
        assert_eq!(text("Amay 4, 2024"), None);
        assert_eq!(text("12.18.25"), None);
        assert_eq!(text("3 days ago"), None);
    }
}

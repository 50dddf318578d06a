//! Folds that keep each site in one fold: a page is held out together with
//! every other page of its site, so that cross-validation measures how the
//! model does on sites it never saw (as on the web), not on other pages of
//! the sites it learned.
//!
//! A page's site is the host of its `url` (lowercased, without a leading
//! `www.`), and its fold is the FNV-1a 64-bit hash of the host's bytes
//! modulo the number of folds. A page without a URL (or with one that has
//! no host) falls in the fold of its position, `i % folds`.

/// The host of `url`, lowercased, without a leading `www.`; `None` when the
/// URL cannot be parsed or has no host.
pub(crate) fn site(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url.trim()).ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    Some(match host.strip_prefix("www.") {
        Some(rest) => rest.to_string(),
        None => host,
    })
}

/// FNV-1a, 64 bits.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The fold (of `folds`) of page `i`, whose address is `url`.
pub(crate) fn fold_of(i: usize, url: Option<&str>, folds: usize) -> usize {
    let folds = folds.max(1);
    match url.and_then(site) {
        Some(host) => (fnv1a(host.as_bytes()) % folds as u64) as usize,
        None => i % folds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_are_hosts_without_www() {
        assert_eq!(
            site("https://www.Example.com:8080/a?b#c").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            site("http://docs.python.org/3/").as_deref(),
            Some("docs.python.org")
        );
        assert_eq!(site("not a url"), None);
        assert_eq!(site("mailto:someone@example.com"), None);
    }

    #[test]
    fn the_hash_is_fnv1a_and_a_site_stays_in_one_fold() {
        // The reference values of the corpus's site-disjoint folds.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"example.com"), 0x5768_4663_4e27_14c6);
        assert_eq!(fold_of(0, Some("https://rei.com/x"), 5), 2);
        assert_eq!(fold_of(9, Some("https://www.rei.com/y"), 5), 2);
        assert_eq!(fold_of(0, Some("https://docs.python.org/3/"), 5), 1);
        assert_eq!((fold_of(7, None, 5), fold_of(7, Some("junk"), 5)), (2, 2));
    }
}

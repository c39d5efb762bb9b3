//! "Did you mean" suggestions: the nearest known names to a misspelt one.

/// Edit distance between two strings, by characters (strsim's Levenshtein).
pub fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// Up to `max` candidates close enough to `wanted` to be a plausible typo,
/// nearest first. Candidates that contain `wanted` (or are contained in it) count as close.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>, max: usize) -> Vec<&'a str> {
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let d = distance(wanted, c);
            let contains = wanted.len() >= 3 && (c.contains(wanted) || wanted.contains(c));
            (d <= limit || contains).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(max).map(|(_, c)| c).collect()
}

/// Formats suggestions as a help line: "did you mean `a`?" or "did you mean `a`, `b` or `c`?".
pub fn did_you_mean(names: &[&str]) -> Option<String> {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.len() {
        0 => None,
        1 => Some(format!("did you mean {}?", quoted[0])),
        n => Some(format!("did you mean {} or {}?", quoted[..n - 1].join(", "), quoted[n - 1])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("partys", "parties"), 2);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("华为", "华为"), 0);
    }

    #[test]
    fn suggests_close_names_only() {
        let fields = ["id", "title", "parties", "people", "signed"];
        assert_eq!(nearest("partys", fields, 3), ["parties"]);
        assert!(nearest("zzzzzzzz", fields, 3).is_empty());
        assert_eq!(nearest("huawai", ["huawei", "hisilicon", "huawei-xiaomi-cross-license"], 3), ["huawei"]);
        assert_eq!(did_you_mean(&["a", "b", "c"]).unwrap(), "did you mean `a`, `b` or `c`?");
    }
}

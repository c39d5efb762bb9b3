//! "Did you mean" suggestions: the nearest known names to a misspelt one.

/// Edit distance between two strings, by characters (strsim's Levenshtein).
pub fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

/// The longest names compared letter by letter: the edit distance takes
/// time in the product of the two lengths, and nobody mistypes a name of a
/// hundred characters into a near one.
const LONGEST: usize = 100;

/// Up to `max` candidates close enough to `wanted` to be a plausible typo,
/// nearest first. Candidates that contain `wanted` (or are contained in it) count as close.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>, max: usize) -> Vec<&'a str> {
    let wanted_len = wanted.chars().count();
    let limit = (wanted_len / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let len = c.chars().count();
            // One holding the other is as far as their lengths differ.
            if wanted.len() >= 3 && (c.contains(wanted) || wanted.contains(c)) {
                return Some((len.abs_diff(wanted_len), c));
            }
            // The lengths' difference is the least the distance can be.
            if len.abs_diff(wanted_len) > limit || len.max(wanted_len) > LONGEST {
                return None;
            }
            let d = distance(wanted, c);
            (d <= limit).then_some((d, c))
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
        // Containment counts, ranked by how much longer.
        assert_eq!(
            nearest("huawei", ["huawei-xiaomi-cross-license", "huawei-x"], 3),
            ["huawei-x", "huawei-xiaomi-cross-license"]
        );
    }

    #[test]
    fn names_too_long_to_be_typos_are_not_compared_letter_by_letter() {
        // A hundred and one characters, one apart: past the longest, not
        // compared (two ids of 150,000 took 25 s when they were).
        let (long, typo) = ("x".repeat(LONGEST + 1), format!("{}y", "x".repeat(LONGEST)));
        assert!(nearest(&typo, [long.as_str()], 3).is_empty());
        let (long, typo) = ("x".repeat(LONGEST), format!("{}y", "x".repeat(LONGEST - 1)));
        assert_eq!(nearest(&typo, [long.as_str()], 3), [long.as_str()], "up to the longest, compared");
    }
}

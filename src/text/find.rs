//! Finding a phrase in text as `less` does: a plain substring, any case.
//! Positions are char indexes, as the views' highlighting takes them.

/// A char folded for comparison (its first lowercase char).
pub(crate) fn fold(c: char) -> char {
    if c.is_ascii() { c.to_ascii_lowercase() } else { c.to_lowercase().next().unwrap_or(c) }
}

/// The char positions of every place `needle` occurs in `text`, ignoring
/// case; occurrences do not overlap. An empty or blank needle finds nothing.
pub fn occurrences(text: &str, needle: &str) -> Vec<usize> {
    let want: Vec<char> = needle.chars().map(fold).collect();
    if needle.trim().is_empty() {
        return Vec::new();
    }
    let have: Vec<char> = text.chars().map(fold).collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i + want.len() <= have.len() {
        if have[i..i + want.len()] == want[..] {
            found.extend(i..i + want.len());
            i += want.len();
        } else {
            i += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::occurrences;

    #[test]
    fn finds_every_occurrence_in_any_case() {
        assert_eq!(occurrences("Xu Ran said: xu", "XU"), vec![0, 1, 13, 14]);
        assert_eq!(occurrences("华为 Huawei", "为 h"), vec![1, 2, 3]);
        assert_eq!(occurrences("aaa", "aa"), vec![0, 1], "no overlaps");
        assert!(occurrences("anything", "").is_empty());
        assert!(occurrences("anything", "  ").is_empty());
        assert!(occurrences("ab", "abc").is_empty());
    }
}

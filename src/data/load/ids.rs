//! The rules of ids, shared by validation (which checks and suggests them)
//! and the generator (which makes them): `[a-z0-9][a-z0-9-]*`, and the slug
//! of a name, with Cyrillic and Greek lookalikes of Latin letters folded.

/// True for ids of the form `[a-z0-9][a-z0-9-]*`.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

/// The ASCII letter a Cyrillic or Greek letter is easily mistaken for.
pub fn lookalike(c: char) -> char {
    match c {
        'а' | 'α' => 'a',
        'в' | 'β' => 'b',
        'с' | 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' | 'ε' => 'e',
        'һ' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'к' | 'κ' => 'k',
        'м' => 'm',
        'п' | 'η' => 'n',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ԛ' => 'q',
        'ѕ' => 's',
        'т' | 'τ' => 't',
        'υ' => 'u',
        'ν' => 'v',
        'ԝ' | 'ω' => 'w',
        'х' | 'χ' => 'x',
        'у' | 'γ' => 'y',
        _ => c,
    }
}

/// A well-formed id that looks like the text, for suggestions.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase).map(lookalike) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_rules() {
        for ok in ["huawei", "kirin-9000s", "3com", "a"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "-x", "Huawei", "kirin_9000", "华为", "a b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
        assert_eq!(slug("Kirin 9000S!"), "kirin-9000s");
        assert_eq!(slug("huаwei"), "huawei", "a Cyrillic а folds to a");
    }
}

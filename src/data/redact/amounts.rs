//! Amounts of money in a text, and the other ways the same amount is
//! commonly written, so that a confidential `$77,123 million` is also found
//! as `77123 million` or `$77,123mn`. Only what is cheap to be sure of: the
//! same digits with or without thousands commas, and the same scale word
//! spelt another way. Not the same amount in another scale (`1,200 million`
//! for `1.2 billion`), in words, or in another currency.

/// The scale words, by scale; each spelling of one scale is the same amount.
const SCALES: [&[&str]; 4] =
    [&["thousand", "k"], &["million", "mn", "mln", "m"], &["billion", "bn", "b"], &["trillion", "tn"]];

/// Currency signs an amount may start with.
pub const CURRENCY: [char; 4] = ['$', '€', '£', '¥'];

/// One amount found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// Its whole part, digits only.
    whole: String,
    /// Its decimal part, digits only (empty: none).
    decimals: String,
    /// Which of [`SCALES`] it is in, if it names one.
    scale: Option<usize>,
    /// The currency sign before it.
    currency: Option<char>,
}

/// Every amount in `text`: a number with a currency sign before it or a
/// scale word after it (a bare number is too common to stand for a value).
pub fn amounts(text: &str) -> Vec<Amount> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '.'));
        if !starts {
            i += 1;
            continue;
        }
        let mut whole = String::new();
        let mut j = i;
        while j < chars.len() {
            if chars[j].is_ascii_digit() {
                whole.push(chars[j]);
                j += 1;
            } else if chars[j] == ',' && chars.get(j + 1..j + 4).is_some_and(|g| g.iter().all(char::is_ascii_digit)) {
                j += 1;
            } else {
                break;
            }
        }
        let mut decimals = String::new();
        if chars.get(j) == Some(&'.') && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
            j += 1;
            while j < chars.len() && chars[j].is_ascii_digit() {
                decimals.push(chars[j]);
                j += 1;
            }
        }
        let currency = i.checked_sub(1).map(|b| chars[b]).filter(|c| CURRENCY.contains(c));
        let mut k = j;
        if chars.get(k) == Some(&' ') {
            k += 1;
        }
        let word: String = chars[k.min(chars.len())..].iter().take_while(|c| c.is_alphabetic()).collect();
        let scale = SCALES.iter().position(|s| s.contains(&word.to_lowercase().as_str()));
        if scale.is_some() || currency.is_some() {
            found.push(Amount { whole, decimals, scale, currency });
        }
        i = j.max(i + 1);
    }
    found
}

impl Amount {
    /// The ways it is written: with and without thousands commas, each
    /// scale word spelt every way (with and without a space before it), or,
    /// with no scale word, after its currency sign. A currency sign before
    /// a scaled amount is left out: redaction masks the sign with it.
    pub fn forms(&self) -> Vec<String> {
        let decimals = if self.decimals.is_empty() { String::new() } else { format!(".{}", self.decimals) };
        let mut numbers = vec![format!("{}{decimals}", self.whole)];
        if self.whole.len() > 3 {
            numbers.push(format!("{}{decimals}", grouped(&self.whole)));
        }
        let mut out = Vec::new();
        match (self.scale, self.currency) {
            (Some(s), _) => {
                for n in &numbers {
                    for word in SCALES[s] {
                        out.push(format!("{n}{word}"));
                        if word.len() > 1 {
                            out.push(format!("{n} {word}"));
                        }
                    }
                }
            }
            (None, Some(c)) => out.extend(numbers.iter().map(|n| format!("{c}{n}"))),
            (None, None) => {}
        }
        out
    }
}

/// Digits with a comma between each group of three: `77123` → `77,123`.
fn grouped(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<String> {
        amounts(text).iter().flat_map(Amount::forms).collect()
    }

    #[test]
    fn an_amount_is_found_in_its_other_spellings() {
        let f = forms("Acme pays $77,123 million");
        for want in ["77123 million", "77,123 million", "77123mn", "77,123m", "77123 mln"] {
            assert!(f.contains(&want.to_string()), "{want} in {f:?}");
        }
        let f = forms("1.2bn");
        assert!(f.contains(&"1.2 billion".to_string()) && f.contains(&"1.2b".to_string()), "{f:?}");
        assert_eq!(forms("$12 per unit"), ["$12"]);
        assert_eq!(forms("€1234"), ["€1234", "€1,234"]);
    }

    #[test]
    fn bare_numbers_and_words_are_not_amounts() {
        assert!(forms("founded in 2011 with 40 staff").is_empty());
        assert!(forms("a 5G modem, 77123 units, Kirin9000 millionaire").is_empty());
        assert!(forms("v1.2 billion").is_empty(), "a number inside a word");
    }

    #[test]
    fn grouping() {
        assert_eq!(grouped("1200000"), "1,200,000");
        assert_eq!(grouped("123"), "123");
    }
}

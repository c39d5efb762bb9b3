//! The link's token: 128 bits from the operating system's random source,
//! written as 32 lowercase hex digits. It travels in the link's fragment
//! (`#…`), which a browser never sends in a request nor in a `Referer`,
//! so no server or proxy log sees it; the page reads it and sends it in its
//! first WebSocket message, where it is compared in constant time. It is
//! never logged, and the printed link is the only place it appears.

use rand::TryRng as _;
use subtle::ConstantTimeEq as _;

/// Bytes of randomness in a token made here.
const BYTES: usize = 16;
/// The fewest characters a token given on the command line may have (22
/// base64url characters are 132 bits).
pub const MIN_GIVEN: usize = 22;

/// A secret that lets a browser in.
#[derive(Clone)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    /// Never the token itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Token {
    /// A new token from the system's random source.
    pub fn new() -> Result<Self, String> {
        let mut bytes = [0u8; BYTES];
        rand::rngs::SysRng.try_fill_bytes(&mut bytes).map_err(|e| format!("the system's random source failed: {e}"))?;
        Ok(Token(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }

    /// A token given by the user: at least [`MIN_GIVEN`] characters of
    /// `A–Z a–z 0–9 - _` (what a URL fragment carries as it is).
    pub fn given(text: &str) -> Result<Self, String> {
        if text.len() < MIN_GIVEN || text.len() > super::protocol::MAX_TOKEN {
            return Err(format!(
                "a web token needs {MIN_GIVEN} to {} characters (this one has {})",
                super::protocol::MAX_TOKEN,
                text.len()
            ));
        }
        if !text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Err("a web token may hold only letters, digits, - and _".into());
        }
        Ok(Token(text.to_string()))
    }

    /// Whether `offered` is this token, in time that does not depend on
    /// where they differ.
    pub fn matches(&self, offered: &[u8]) -> bool {
        self.0.as_bytes().ct_eq(offered).into()
    }

    /// The token, for the printed link only.
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_token_is_128_bits_in_hex_and_new_each_time() {
        let (a, b) = (Token::new().unwrap(), Token::new().unwrap());
        assert_eq!(a.reveal().len(), 32);
        assert!(a.reveal().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a.reveal(), b.reveal());
        assert_eq!(format!("{a:?}"), "Token(…)");
    }

    #[test]
    fn only_the_token_itself_matches() {
        let t = Token::given("abcdefghijklmnopqrstuvwxyz").unwrap();
        assert!(t.matches(b"abcdefghijklmnopqrstuvwxyz"));
        assert!(!t.matches(b"abcdefghijklmnopqrstuvwxyZ"));
        assert!(!t.matches(b"abcdefghijklmnopqrstuvwxy"));
        assert!(!t.matches(b""));
    }

    #[test]
    fn a_given_token_must_be_long_and_plain() {
        assert!(Token::given("short").is_err());
        assert!(Token::given(&"a".repeat(21)).is_err());
        assert!(Token::given(&format!("{}#", "a".repeat(22))).is_err());
        assert!(Token::given(&"a-b_C9".repeat(4)).is_ok());
    }
}

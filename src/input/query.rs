//! Query-string decoding for share links: `+` is a space and `%XX` a byte; malformed escapes are
//! kept as written, and bytes that are not UTF-8 become U+FFFD.

/// What [`percent_encode`] leaves as written: letters, digits and `- _ . ,` (a list's separator).
const VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b',');

/// Percent-encodes a query value as UTF-8, so that no character of it can end the value (`&`),
/// start another (`=`, `#`) or change on decoding (`%`, `+`); [`percent_decode`] undoes it.
pub fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, VALUE).to_string()
}

/// Decodes `%XX` escapes and `+` (space); invalid escapes are kept literally; invalid UTF-8 becomes
/// U+FFFD, so the result is always a valid string to show in a notice.
pub fn percent_decode(s: &str) -> String {
    // `+` is a space in a query (application/x-www-form-urlencoded); an encoded plus is `%2B`,
    // which the percent decoding after this turns into `+`.
    percent_encoding::percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::{percent_decode, percent_encode};
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    use proptest::prelude::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Cb"), "a,b");
        assert_eq!(percent_decode("a+b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
        assert_eq!(percent_decode("%3Cscript%3E"), "<script>");
        assert_eq!(percent_decode("1%2B1"), "1+1");
        assert_eq!(percent_decode("%+1"), "% 1");
        assert_eq!(percent_decode("a%E2%82%ACb"), "a\u{20ac}b");
    }

    proptest! {
        /// Any text comes back from its percent-encoding.
        #[test]
        fn decoding_undoes_encoding(s in ".{0,40}") {
            let encoded = utf8_percent_encode(&s, NON_ALPHANUMERIC).to_string();
            prop_assert_eq!(percent_decode(&encoded), s);
        }

        /// So does it from ours, which never leaves a query delimiter in the value.
        #[test]
        fn our_encoding_round_trips(s in "\\PC{0,40}") {
            let encoded = percent_encode(&s);
            prop_assert!(!encoded.contains(['&', '=', '#', '+', ' ', '?']));
            prop_assert_eq!(percent_decode(&encoded), s);
        }
    }
}

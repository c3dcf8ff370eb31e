//! Query-string decoding for share links: `+` is a space and `%XX` a byte; malformed escapes are
//! kept as written, and bytes that are not UTF-8 become U+FFFD.

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
    use super::percent_decode;
    use proptest::prelude::*;

    /// The decoder written by hand before the `percent-encoding` crate replaced it.
    fn by_hand(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => {
                    out.push(b' ');
                    i += 1;
                }
                b'%' if i + 2 < bytes.len() => {
                    let hex = |b: u8| (b as char).to_digit(16);
                    match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                        (Some(h), Some(l)) => {
                            out.push((h * 16 + l) as u8);
                            i += 3;
                        }
                        _ => {
                            out.push(b'%');
                            i += 1;
                        }
                    }
                }
                b => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]

        #[test]
        fn decodes_as_the_hand_written_decoder(s in "[%+0-9a-fA-FgzZ ~é\u{80}-\u{10ffff}]{0,24}") {
            prop_assert_eq!(percent_decode(&s), by_hand(&s));
        }

        #[test]
        fn decodes_any_text_as_the_hand_written_decoder(s in ".{0,40}") {
            prop_assert_eq!(percent_decode(&s), by_hand(&s));
        }

        #[test]
        fn decodes_escaped_bytes_as_the_hand_written_decoder(bytes in proptest::collection::vec(any::<u8>(), 0..24), plus in any::<bool>()) {
            let s: String = bytes.iter().map(|b| if plus && *b == b'+' { "+".to_string() } else { format!("%{b:02x}") }).collect();
            prop_assert_eq!(percent_decode(&s), by_hand(&s));
        }
    }
}

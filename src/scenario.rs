//! The whole input state, and its URL codec.
//!
//! A link holds every parameter in short readable keys, versioned by `v`:
//!
//! | key | value | example |
//! |---|---|---|
//! | `v` | codec version (1) | `v=1` |
//! | `tech` | technology preset ids, comma-separated | `tech=sram_a,stt_b` |
//! | `base` | baseline technology id (one of `tech`) | `base=sram_a` |
//! | `wl` | workload preset id | `wl=resnet50_inference` |
//! | `delay` | `access` or `execution` | `delay=access` |
//! | `embed` | `1` shows only the result (for iframes) | `embed=1` |
//!
//! Decoding never fails: each bad parameter becomes a [`Notice`] naming the key, the value and what is
//! accepted, and that part of the state falls back to the default. The CLI treats notices as errors.

use std::fmt;

use serde::Serialize;

use crate::eval::DelayDefinition;
use crate::preset::{is_id, shorten, Library};

/// The codec version written by [`Scenario::to_query`].
pub const URL_VERSION: u32 = 1;
/// Longest query accepted; longer ones are refused whole.
pub const MAX_QUERY_BYTES: usize = 4096;
/// Most technologies in one comparison.
pub const MAX_TECHNOLOGIES: usize = 16;

/// Everything that determines a comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scenario {
    /// Technology preset ids, in display order.
    pub technologies: Vec<String>,
    /// The technology every other one is normalised to.
    pub baseline: String,
    /// Workload preset id.
    pub workload: String,
    /// Which time is the delay in EDP.
    pub delay: DelayDefinition,
}

/// A problem with one URL parameter, and what was used instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The URL key (`tech`, `wl`, …).
    pub key: String,
    /// The value as given (shortened).
    pub value: String,
    /// What is wrong, what is accepted, what was used instead.
    pub message: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "URL parameter `{}` = `{}`: {}",
            self.key, self.value, self.message
        )
    }
}

/// A decoded link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub scenario: Scenario,
    /// Show only the result (for `<iframe>` embedding).
    pub embed: bool,
    /// One entry per parameter that could not be used; empty for a clean link.
    pub notices: Vec<Notice>,
}

impl Scenario {
    /// The query string for this scenario (without `?`), keys in a fixed order.
    pub fn to_query(&self, embed: bool) -> String {
        let mut q = format!(
            "v={URL_VERSION}&tech={}&base={}&wl={}&delay={}",
            self.technologies.join(","),
            self.baseline,
            self.workload,
            self.delay.word()
        );
        if embed {
            q.push_str("&embed=1");
        }
        q
    }

    /// Decodes a query string (with or without the leading `?`) against the loaded presets. Never
    /// fails: bad parameters become notices and fall back to the library's default scenario.
    pub fn from_query(query: &str, library: &Library) -> Decoded {
        let default = library.default_scenario.clone();
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut notices = Vec::new();
        if query.len() > MAX_QUERY_BYTES {
            notices.push(Notice {
                key: "(whole link)".into(),
                value: format!("{} bytes", query.len()),
                message: format!("longer than {MAX_QUERY_BYTES} bytes; using the default scenario"),
            });
            return Decoded {
                scenario: default,
                embed: false,
                notices,
            };
        }

        let mut techs: Option<Vec<String>> = None;
        let mut base: Option<String> = None;
        let mut workload: Option<String> = None;
        let mut delay: Option<DelayDefinition> = None;
        let mut embed = false;
        let mut notice = |key: &str, value: &str, message: String| {
            notices.push(Notice {
                key: shorten(key),
                value: shorten(value),
                message,
            });
        };
        let tech_ids = || {
            library
                .technologies
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };

        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = percent_decode(raw_key);
            let value = percent_decode(raw_value);
            match key.as_str() {
                "v" => {
                    if value != URL_VERSION.to_string() {
                        notice("v", &value, format!("this page reads link version {URL_VERSION}; the rest of the link is read as version {URL_VERSION}"));
                    }
                }
                "tech" => {
                    let mut ids = Vec::new();
                    for id in value.split(',').filter(|s| !s.is_empty()) {
                        if !is_id(id) || library.technology(id).is_none() {
                            notice(
                                "tech",
                                id,
                                format!(
                                    "not a loaded technology preset; accepted: {}; skipped",
                                    tech_ids()
                                ),
                            );
                        } else if ids.iter().any(|x| x == id) {
                            notice("tech", id, "listed twice; the second is skipped".into());
                        } else if ids.len() == MAX_TECHNOLOGIES {
                            notice(
                                "tech",
                                id,
                                format!("at most {MAX_TECHNOLOGIES} technologies; skipped"),
                            );
                        } else {
                            ids.push(id.to_string());
                        }
                    }
                    if ids.is_empty() {
                        notice(
                            "tech",
                            &value,
                            "names no loaded technology; using the default technologies".into(),
                        );
                    } else {
                        techs = Some(ids);
                    }
                }
                "base" => base = Some(value),
                "wl" => {
                    if is_id(&value) && library.workload(&value).is_some() {
                        workload = Some(value);
                    } else {
                        let ids: Vec<&str> =
                            library.workloads.iter().map(|w| w.id.as_str()).collect();
                        notice(
                            "wl",
                            &value,
                            format!(
                                "not a loaded workload preset; accepted: {}; using `{}`",
                                ids.join(", "),
                                default.workload
                            ),
                        );
                    }
                }
                "delay" => match DelayDefinition::from_word(&value) {
                    Some(d) => delay = Some(d),
                    None => notice(
                        "delay",
                        &value,
                        format!(
                            "accepted: access, execution; using `{}`",
                            default.delay.word()
                        ),
                    ),
                },
                "embed" => match value.as_str() {
                    "1" | "true" => embed = true,
                    "0" | "false" | "" => embed = false,
                    _ => notice(
                        "embed",
                        &value,
                        "accepted: 1 or 0; showing the full page".into(),
                    ),
                },
                _ => notice(
                    &key,
                    &value,
                    "unknown parameter; ignored (known: v, tech, base, wl, delay, embed)".into(),
                ),
            }
        }

        let technologies = techs.unwrap_or(default.technologies.clone());
        let baseline = match base {
            Some(b) if technologies.contains(&b) => b,
            other => {
                let fallback = if technologies.contains(&default.baseline) {
                    default.baseline.clone()
                } else {
                    technologies[0].clone()
                };
                if let Some(b) = other {
                    notice(
                        "base",
                        &b,
                        format!(
                            "must be one of the compared technologies ({}); using `{fallback}`",
                            technologies.join(", ")
                        ),
                    );
                }
                fallback
            }
        };
        let scenario = Scenario {
            technologies,
            baseline,
            workload: workload.unwrap_or(default.workload),
            delay: delay.unwrap_or(default.delay),
        };
        Decoded {
            scenario,
            embed,
            notices,
        }
    }
}

/// Decodes `%XX` escapes and `+` (space); invalid escapes are kept literally; invalid UTF-8 becomes
/// U+FFFD, so the result is always a valid string to show in a notice.
pub fn percent_decode(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Cb"), "a,b");
        assert_eq!(percent_decode("a+b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
        assert_eq!(percent_decode("%3Cscript%3E"), "<script>");
    }
}

//! Numbers and tables as text, for every report: significant digits, ratios, times with a
//! readable unit, values of an SI unit with an engineering prefix (`174.8 µJ`), aligned text
//! tables and CSV fields. Knows no domain.

/// An aligned text table: the header row, then `rows`; the first column left-aligned, the others
/// right-aligned, columns two spaces apart, trailing spaces trimmed.
pub(crate) fn aligned_table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut all: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    all.extend(rows);
    let cols = header.len();
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            all.iter()
                .map(|r| r.get(c).map(|s| s.chars().count()).unwrap_or(0))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in &all {
        let cells: Vec<String> = (0..cols)
            .map(|c| {
                let s = row.get(c).map(String::as_str).unwrap_or("");
                let pad = " ".repeat(widths[c] - s.chars().count());
                if c == 0 {
                    format!("{s}{pad}")
                } else {
                    format!("{pad}{s}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// A CSV text field: quoted (with doubled quotes) when it holds a comma, a quote or a line
/// break. Text a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return; a user's cell name may be `=HYPERLINK(…)`) is put after a `'` and quoted, so
/// that it opens as text (OWASP, "CSV Injection").
pub(crate) fn csv_quote(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("\"'{}\"", s.replace('"', "\"\""))
    } else if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A number with 4 significant digits, in plain or scientific notation as fits (`1.309`, `4.68e-3`).
pub fn sig(x: f64) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let mag = libm::log10(x.abs()).floor() as i32;
    if (-3..4).contains(&mag) {
        let decimals = (3 - mag).max(0) as usize;
        let s = format!("{x:.decimals$}");
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    } else {
        let s = format!("{x:.3e}");
        // 1.200e-5 → 1.2e-5
        match s.split_once('e') {
            Some((m, e)) => {
                let m = if m.contains('.') {
                    m.trim_end_matches('0').trim_end_matches('.')
                } else {
                    m
                };
                format!("{m}e{e}")
            }
            None => s,
        }
    }
}

/// A ratio as `0.42×`, or `—` where undefined.
pub fn ratio(r: Option<f64>) -> String {
    match r {
        Some(r) => format!("{}×", sig(r)),
        None => "—".into(),
    }
}

/// A time with a readable unit (`3.2 ms`).
pub fn time_label(seconds: f64) -> String {
    let (v, unit) = if seconds >= 1.0 {
        (seconds, "s")
    } else if seconds >= 1e-3 {
        (seconds * 1e3, "ms")
    } else if seconds >= 1e-6 {
        (seconds * 1e6, "µs")
    } else {
        (seconds * 1e9, "ns")
    };
    format!("{} {unit}", sig(v))
}

/// The SI prefixes a value is written with, by their power of ten (a multiple of three).
const SI_PREFIXES: [(i32, &str); 11] = [
    (-18, "a"),
    (-15, "f"),
    (-12, "p"),
    (-9, "n"),
    (-6, "µ"),
    (-3, "m"),
    (0, ""),
    (3, "k"),
    (6, "M"),
    (9, "G"),
    (12, "T"),
];

/// A value given in an SI base unit (`J`, `s`, `W`, `J·s`, `B`) written with 4 significant digits
/// and the prefix that puts it between 1 and 1000: `engineering(1.748e-4, "J")` is `174.8 µJ`,
/// `engineering(0.02005, "s")` is `20.05 ms`. The prefix applies to the whole unit
/// (`3.1 nJ·s` is 3.1 × 10⁻⁹ J·s). Zero is `0 J`; beyond atto or tera the mantissa leaves
/// [1, 1000) and is written as [`sig`] writes it; a value that is not finite is `—`.
pub fn engineering(value: f64, unit: &str) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    if value == 0.0 {
        return format!("0 {unit}");
    }
    let (lowest, highest) = (SI_PREFIXES[0].0, SI_PREFIXES[SI_PREFIXES.len() - 1].0);
    let decade = libm::log10(value.abs()).floor() as i32;
    let mut power = (decade.div_euclid(3) * 3).clamp(lowest, highest);
    let mut mantissa = value / libm::pow(10.0, f64::from(power));
    // 999.96 µ rounds to 1000 µ at four digits: that is 1 m.
    if round_sig4(mantissa).abs() >= 1000.0 && power < highest {
        power += 3;
        mantissa = value / libm::pow(10.0, f64::from(power));
    }
    let prefix = SI_PREFIXES
        .iter()
        .find(|(p, _)| *p == power)
        .map(|(_, s)| *s)
        .unwrap_or("");
    format!("{} {prefix}{unit}", sig(mantissa))
}

/// A count (of reads, writes, kernels) in words a reader says aloud: up to 9999 as it is
/// (rounded to a whole number), then with 4 significant digits and `thousand`, `million`,
/// `billion` or `trillion`: `count(5.958e8)` is `595.8 million`. Beyond that, and for a value
/// that is negative, it is written as [`sig`] writes it; a value that is not finite is `—`.
pub fn count(value: f64) -> String {
    const WORDS: [(f64, &str); 4] = [
        (1e12, "trillion"),
        (1e9, "billion"),
        (1e6, "million"),
        (1e3, "thousand"),
    ];
    if !value.is_finite() {
        return "—".into();
    }
    if !(0.0..1e15).contains(&value) {
        return sig(value);
    }
    if value < 1e4 {
        return format!("{}", value.round());
    }
    // The largest scale that leaves at least 1 once rounded to four digits (so 999 999 999.9
    // is `1 billion`, not `1000 million`); from 10 000 on, `thousand` always does.
    let (scale, word) = WORDS
        .iter()
        .find(|(scale, _)| round_sig4(value / scale) >= 1.0)
        .copied()
        .unwrap_or((1e3, "thousand"));
    format!("{} {word}", sig(value / scale))
}

/// `x` rounded to 4 significant digits.
fn round_sig4(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let decade = libm::log10(x.abs()).floor() as i32;
    let scale = libm::pow(10.0, f64::from(3 - decade));
    (x * scale).round() / scale
}

/// `3 MiB`, `256 KiB`.
pub fn kib_label(kib: f64) -> String {
    if kib >= 1024.0 {
        format!("{} MiB", sig(kib / 1024.0))
    } else {
        format!("{} KiB", sig(kib))
    }
}

/// CSV of flat records: the header is their JSON keys.
pub(crate) fn records_csv<T: serde::Serialize>(records: &[T]) -> String {
    let values: Vec<serde_json::Value> = records
        .iter()
        .map(|r| serde_json::to_value(r).unwrap_or_default())
        .collect();
    let Some(first) = values.first().and_then(|v| v.as_object()) else {
        return String::new();
    };
    let keys: Vec<String> = first.keys().cloned().collect();
    let mut out = keys.join(",");
    out.push('\n');
    for v in &values {
        let cells: Vec<String> = keys
            .iter()
            .map(|k| match v.get(k) {
                Some(serde_json::Value::String(s)) => csv_quote(s),
                Some(serde_json::Value::Null) | None => String::new(),
                Some(x) => x.to_string(),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Reads back what [`engineering`] wrote for `unit`: the value in the base unit.
    fn read_engineering(text: &str, unit: &str) -> f64 {
        let (number, rest) = text.split_once(' ').expect("a space before the unit");
        let prefix = rest.strip_suffix(unit).expect("the unit at the end");
        let power = SI_PREFIXES
            .iter()
            .find(|(_, s)| *s == prefix)
            .map(|(p, _)| *p)
            .expect("a known prefix");
        number.parse::<f64>().expect("a number") * 10f64.powi(power)
    }

    #[test]
    fn count_says_large_numbers_in_words() {
        assert_eq!(count(5.958e8), "595.8 million");
        assert_eq!(count(2.263e8), "226.3 million");
        assert_eq!(count(9999.4), "9999");
        assert_eq!(count(12_345.0), "12.35 thousand");
        assert_eq!(count(999_999_999.9), "1 billion");
        assert_eq!(count(3.2e13), "32 trillion");
        assert_eq!(count(0.0), "0");
        assert_eq!(count(f64::NAN), "—");
        assert_eq!(count(2e15), "2e15");
    }

    #[test]
    fn engineering_picks_the_prefix_of_the_value() {
        assert_eq!(engineering(1.748e-4, "J"), "174.8 µJ");
        assert_eq!(engineering(0.02005, "s"), "20.05 ms");
        assert_eq!(engineering(8.695, "W"), "8.695 W");
        assert_eq!(engineering(1.2e-9, "s"), "1.2 ns");
        assert_eq!(engineering(3.4e-12, "J·s"), "3.4 pJ·s");
        assert_eq!(engineering(123_456_789.0, "B"), "123.5 MB");
        assert_eq!(engineering(-0.5, "J"), "-500 mJ");
        assert_eq!(engineering(0.0, "J"), "0 J");
        assert_eq!(engineering(f64::NAN, "J"), "—");
        assert_eq!(engineering(f64::INFINITY, "J"), "—");
    }

    #[test]
    fn engineering_carries_a_rounded_thousand_to_the_next_prefix() {
        assert_eq!(engineering(999.96e-6, "J"), "1 mJ");
        assert_eq!(engineering(999.94e-6, "J"), "999.9 µJ");
        assert_eq!(engineering(0.99999, "s"), "1 s");
    }

    #[test]
    fn engineering_beyond_the_prefixes_keeps_the_last_one() {
        assert_eq!(engineering(2e-21, "J"), "0.002 aJ");
        assert_eq!(engineering(5e16, "B"), "5e4 TB");
    }

    proptest! {
        #[test]
        fn engineering_text_is_never_nan(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            let text = engineering(x, "J");
            prop_assert!(!text.contains("NaN") && !text.contains("inf"), "{x} → {text}");
        }

        /// Written and read back, a value is within half a unit of its fourth digit.
        #[test]
        fn engineering_round_trips_within_display_precision(m in 1.0f64..10.0, e in -17i32..14, neg in any::<bool>()) {
            let x = if neg { -m } else { m } * 10f64.powi(e);
            let text = engineering(x, "J·s");
            let back = read_engineering(&text, "J·s");
            prop_assert!(((back - x) / x).abs() <= 5.001e-4, "{x} → {text} → {back}");
            let mantissa = text.split(' ').next().unwrap_or("").trim_start_matches('-');
            let mantissa: f64 = mantissa.parse().unwrap_or(f64::NAN);
            prop_assert!((1.0..1000.0).contains(&mantissa), "{x} → {text}");
        }

        /// A larger value never reads back smaller.
        #[test]
        fn engineering_is_monotone(a in 1e-17f64..1e14, f in 1.0f64..100.0) {
            let b = a * f;
            let (ra, rb) = (read_engineering(&engineering(a, "s"), "s"), read_engineering(&engineering(b, "s"), "s"));
            prop_assert!(ra <= rb, "{a} → {ra}, {b} → {rb}");
        }
    }
}

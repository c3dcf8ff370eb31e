//! Numbers and tables as text, for every report: significant digits, ratios, times with a
//! readable unit, aligned text tables and CSV fields. Knows no domain.

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

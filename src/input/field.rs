//! A reader over one parsed TOML table that pulls typed, range-checked fields and records every
//! problem instead of stopping at the first; keys nobody asked for are reported as unknown.

use toml::{Table, Value};

use super::error::{shorten, PresetError};

/// Reads fields out of one table of one file.
pub(crate) struct FieldReader<'a> {
    file: &'a str,
    text: &'a str,
    /// Dotted prefix of this table (`default.`), empty at top level.
    prefix: String,
    table: Table,
    accepted: Vec<&'static str>,
    errors: &'a mut Vec<PresetError>,
    /// Line reported when a key's own line cannot be found (entries of inline lists).
    line_hint: Option<usize>,
}

impl<'a> FieldReader<'a> {
    pub(crate) fn new(
        file: &'a str,
        text: &'a str,
        table: Table,
        errors: &'a mut Vec<PresetError>,
    ) -> Self {
        Self {
            file,
            text,
            prefix: String::new(),
            table,
            accepted: Vec::new(),
            errors,
            line_hint: None,
        }
    }

    /// The same reader with a field-path prefix (`layers[3].`) for tables that are entries of a
    /// list, and the line to report for them when a key's own line cannot be located.
    pub(crate) fn nested(mut self, prefix: String, line_hint: Option<usize>) -> Self {
        self.prefix = prefix;
        self.line_hint = line_hint;
        self
    }

    /// A required value of any type, taken as written (lists of tables, for example).
    pub(crate) fn value(&mut self, key: &'static str, what: &str) -> Option<Value> {
        self.take(key, what)
    }

    /// An optional value of any type, taken as written.
    pub(crate) fn opt_value(&mut self, key: &'static str) -> Option<Value> {
        self.accepted.push(key);
        self.table.remove(key)
    }

    /// An optional `true`/`false`, `default` when absent; `None` (error recorded) when not a
    /// boolean.
    pub(crate) fn bool_or(&mut self, key: &'static str, default: bool) -> Option<bool> {
        self.accepted.push(key);
        match self.table.remove(key) {
            None => Some(default),
            Some(Value::Boolean(b)) => Some(b),
            Some(other) => {
                self.error(key, &other, "must be true or false");
                None
            }
        }
    }

    /// A reader over the sub-table `key` (required); `None` (with an error recorded) if absent.
    pub(crate) fn table(&mut self, key: &'static str) -> Option<FieldReader<'_>> {
        let value = self.take(key, "a table ([section])")?;
        match value {
            Value::Table(t) => Some(FieldReader {
                file: self.file,
                text: self.text,
                prefix: format!("{}{}.", self.prefix, key),
                table: t,
                accepted: Vec::new(),
                errors: self.errors,
                line_hint: None,
            }),
            other => {
                self.error(key, &other, "must be a table ([section])");
                None
            }
        }
    }

    /// A reader over the sub-table `key` if present; `None` (no error) when absent, and `None` with
    /// an error recorded when the key holds something other than a table.
    pub(crate) fn opt_table(&mut self, key: &'static str) -> Option<FieldReader<'_>> {
        if self.table.contains_key(key) {
            self.table(key)
        } else {
            self.accepted.push(key);
            None
        }
    }

    /// Whether `key` is written in this table (and not yet taken by a reader).
    pub(crate) fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// Whether `key` is written in this table as a list (`[…]`).
    pub(crate) fn is_list(&self, key: &str) -> bool {
        matches!(self.table.get(key), Some(Value::Array(_)))
    }

    /// A required string.
    pub(crate) fn string(&mut self, key: &'static str) -> Option<String> {
        let value = self.take(key, "a string in quotes")?;
        self.as_string(key, value)
    }

    /// An optional string.
    pub(crate) fn opt_string(&mut self, key: &'static str) -> Option<String> {
        self.accepted.push(key);
        let value = self.table.remove(key)?;
        self.as_string(key, value)
    }

    /// A required non-empty string (the `source` of every number, for example).
    pub(crate) fn non_empty_string(&mut self, key: &'static str) -> Option<String> {
        let s = self.string(key)?;
        if s.trim().is_empty() {
            self.error_text(key, "\"\"", "must not be empty");
            return None;
        }
        Some(s)
    }

    /// A required snake_case identifier (`[a-z0-9_]`, starting with a letter, ≤ 64 characters).
    pub(crate) fn id(&mut self, key: &'static str) -> Option<String> {
        let s = self.string(key)?;
        if !is_id(&s) {
            self.error_text(
                key,
                &format!("\"{s}\""),
                "must be a snake_case id: lower-case letters, digits and '_', starting with a letter, at most 64 characters",
            );
            return None;
        }
        Some(s)
    }

    /// The preset's own `id` (as [`FieldReader::id`]), which must also equal the file name
    /// without `.toml`: a mismatch is an error on `id`, and the id is still returned so the
    /// rest of the file is checked.
    pub(crate) fn file_id(&mut self) -> Option<String> {
        let id = self.id("id")?;
        let stem = super::file_stem(self.file);
        if id != stem {
            self.error_text(
                "id",
                &format!("\"{id}\""),
                &format!("must equal the file name without .toml (\"{stem}\")"),
            );
        }
        Some(id)
    }

    /// A required list of strings.
    pub(crate) fn string_list(&mut self, key: &'static str) -> Option<Vec<String>> {
        let value = self.take(key, "a list of strings, like [\"a\", \"b\"]")?;
        match value {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::String(s) => out.push(s),
                        other => {
                            self.error(key, &other, "every entry must be a string in quotes");
                            return None;
                        }
                    }
                }
                Some(out)
            }
            other => {
                self.error(
                    key,
                    &other,
                    "must be a list of strings, like [\"a\", \"b\"]",
                );
                None
            }
        }
    }

    /// A required finite number `> 0`.
    pub(crate) fn positive(&mut self, key: &'static str) -> Option<f64> {
        self.number(key, |x| x > 0.0, "must be a finite number > 0")
    }

    /// A required finite number `≥ 0`.
    pub(crate) fn non_negative(&mut self, key: &'static str) -> Option<f64> {
        self.number(key, |x| x >= 0.0, "must be a finite number ≥ 0")
    }

    /// An optional finite number `> 0`.
    pub(crate) fn opt_positive(&mut self, key: &'static str) -> Option<f64> {
        if self.table.contains_key(key) {
            self.positive(key)
        } else {
            self.accepted.push(key);
            None
        }
    }

    /// An optional finite number `≥ 0`.
    pub(crate) fn opt_non_negative(&mut self, key: &'static str) -> Option<f64> {
        if self.table.contains_key(key) {
            self.non_negative(key)
        } else {
            self.accepted.push(key);
            None
        }
    }

    /// A required finite number in `min..=max`.
    pub(crate) fn number_in(&mut self, key: &'static str, min: f64, max: f64) -> Option<f64> {
        self.number(
            key,
            |x| (min..=max).contains(&x),
            &format!("must be a finite number from {min} to {max}"),
        )
    }

    /// An optional finite number in `min..=max`.
    pub(crate) fn opt_number_in(&mut self, key: &'static str, min: f64, max: f64) -> Option<f64> {
        if self.table.contains_key(key) {
            self.number_in(key, min, max)
        } else {
            self.accepted.push(key);
            None
        }
    }

    /// A required non-empty list of finite numbers, each in `min..=max`; every bad entry is
    /// reported with its 1-based position.
    pub(crate) fn number_list_in(
        &mut self,
        key: &'static str,
        min: f64,
        max: f64,
    ) -> Option<Vec<f64>> {
        self.number_list(
            key,
            |x| (min..=max).contains(&x),
            &format!("a finite number from {min} to {max}"),
        )
    }

    /// A required non-empty list of finite numbers `> 0`; every bad entry is reported with its
    /// 1-based position.
    pub(crate) fn positive_list(&mut self, key: &'static str) -> Option<Vec<f64>> {
        self.number_list(key, |x| x > 0.0, "a finite number > 0")
    }

    /// A required whole number in `min..=max`.
    pub(crate) fn integer(&mut self, key: &'static str, min: i64, max: i64) -> Option<i64> {
        let value = self.take(key, "a whole number")?;
        match value {
            Value::Integer(i) if (min..=max).contains(&i) => Some(i),
            other => {
                self.error(
                    key,
                    &other,
                    &format!("must be a whole number from {min} to {max}"),
                );
                None
            }
        }
    }

    /// An optional whole number in `min..=max`.
    pub(crate) fn opt_integer(&mut self, key: &'static str, min: i64, max: i64) -> Option<i64> {
        if self.table.contains_key(key) {
            self.integer(key, min, max)
        } else {
            self.accepted.push(key);
            None
        }
    }

    /// One of a fixed set of words.
    pub(crate) fn choice<T: Copy>(
        &mut self,
        key: &'static str,
        options: &[(&str, T)],
    ) -> Option<T> {
        let words: Vec<&str> = options.iter().map(|(w, _)| *w).collect();
        let s = self.string(key)?;
        match options.iter().find(|(w, _)| *w == s) {
            Some((_, t)) => Some(*t),
            None => {
                self.error_text(
                    key,
                    &format!("\"{}\"", shorten(&s)),
                    &format!("must be one of: {}", words.join(", ")),
                );
                None
            }
        }
    }

    /// Records a problem with a field whose value was already taken.
    pub(crate) fn error_text(&mut self, key: &str, value: &str, problem: &str) {
        let field = format!("{}{}", self.prefix, key);
        let line = self.line_of(key);
        self.errors.push(PresetError {
            file: self.file.to_string(),
            line,
            field,
            value: shorten(value),
            problem: problem.to_string(),
        });
    }

    /// Reports every key that no reader asked for.
    pub(crate) fn finish(self) {
        let mut accepted = self.accepted.clone();
        accepted.sort_unstable();
        accepted.dedup();
        let unknown: Vec<(String, Value)> = self.table.into_iter().collect();
        for (key, value) in unknown {
            let field = format!("{}{}", self.prefix, key);
            let line = find_line(self.text, &self.prefix, &key).or(self.line_hint);
            self.errors.push(PresetError {
                file: self.file.to_string(),
                line,
                field,
                value: shorten(&display(&value)),
                problem: format!(
                    "unknown key (misspelt?); accepted keys here: {}",
                    accepted.join(", ")
                ),
            });
        }
    }

    fn number(
        &mut self,
        key: &'static str,
        ok: impl Fn(f64) -> bool,
        problem: &str,
    ) -> Option<f64> {
        let value = self.take(key, "a number")?;
        let x = match value {
            Value::Float(x) => x,
            Value::Integer(i) => i as f64,
            ref other => {
                self.error(key, other, problem);
                return None;
            }
        };
        if x.is_finite() && ok(x) {
            Some(x)
        } else {
            self.error(key, &value, problem);
            None
        }
    }

    fn number_list(
        &mut self,
        key: &'static str,
        ok: impl Fn(f64) -> bool,
        entry_rule: &str,
    ) -> Option<Vec<f64>> {
        let rule = format!("a non-empty list, each entry {entry_rule}, like [1.0, 2.0]");
        let value = self.take(key, &rule)?;
        let items = match value {
            Value::Array(items) if !items.is_empty() => items,
            other => {
                self.error(key, &other, &format!("must be {rule}"));
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let x = match item {
                Value::Float(x) => Some(*x),
                Value::Integer(n) => Some(*n as f64),
                _ => None,
            };
            match x {
                Some(x) if x.is_finite() && ok(x) => out.push(x),
                _ => self.error(key, item, &format!("entry {} must be {entry_rule}", i + 1)),
            }
        }
        (out.len() == items.len()).then_some(out)
    }

    fn as_string(&mut self, key: &'static str, value: Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s),
            other => {
                self.error(key, &other, "must be a string in quotes");
                None
            }
        }
    }

    /// Removes and returns a required key, recording "missing" if absent.
    fn take(&mut self, key: &'static str, what: &str) -> Option<Value> {
        self.accepted.push(key);
        let v = self.table.remove(key);
        if v.is_none() {
            self.errors.push(PresetError {
                file: self.file.to_string(),
                line: self.line_hint,
                field: format!("{}{}", self.prefix, key),
                value: String::new(),
                problem: format!("missing; add `{key} = …` ({what})"),
            });
        }
        v
    }

    fn error(&mut self, key: &str, value: &Value, problem: &str) {
        self.error_text(key, &display(value), problem);
    }

    fn line_of(&self, key: &str) -> Option<usize> {
        find_line(self.text, &self.prefix, key).or(self.line_hint)
    }
}

/// True for a snake_case id: `[a-z][a-z0-9_]*`, at most 64 characters.
pub fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z'))
        && s.len() <= 64
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

/// A TOML value written back roughly as in the file, for messages.
fn display(value: &Value) -> String {
    match value {
        Value::String(s) => format!("\"{s}\""),
        Value::Integer(i) => i.to_string(),
        Value::Float(x) => {
            if x.is_nan() {
                "nan".into()
            } else if x.is_infinite() {
                if *x > 0.0 {
                    "inf".into()
                } else {
                    "-inf".into()
                }
            } else {
                x.to_string()
            }
        }
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(d) => d.to_string(),
        Value::Array(a) => format!("[…{} entries]", a.len()),
        Value::Table(_) => "{…}".into(),
    }
}

/// 1-based line where `key = …` is written, inside the `[section]` named by the prefix if any.
fn find_line(text: &str, prefix: &str, key: &str) -> Option<usize> {
    let section = prefix.trim_end_matches('.');
    let mut in_section = section.is_empty();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_section = !section.is_empty()
                && t.trim_start_matches('[').trim_end_matches(']').trim() == section;
            continue;
        }
        if in_section {
            if let Some(rest) = t.strip_prefix(key) {
                if rest.trim_start().starts_with('=') {
                    return Some(i + 1);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_id("sram_22nm_2mb"));
        assert!(!is_id("Sram"));
        assert!(!is_id("2mb"));
        assert!(!is_id("a-b"));
        assert!(!is_id(""));
        assert!(!is_id(&"a".repeat(65)));
    }

    #[test]
    fn finds_lines_in_sections() {
        let text = "a = 1\n[default]\nbaseline = \"x\"\n";
        assert_eq!(find_line(text, "", "a"), Some(1));
        assert_eq!(find_line(text, "default.", "baseline"), Some(3));
        assert_eq!(find_line(text, "", "baseline"), None);
    }
}

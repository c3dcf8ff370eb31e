//! Preset validation errors: every problem found, each naming the file, the line, the field, the
//! value and what is accepted.

use std::fmt;

/// One problem in one preset file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresetError {
    /// The file, as named in the preset index (`caches/sram.toml`).
    pub file: String,
    /// 1-based line of the offending key, when it could be located.
    pub line: Option<usize>,
    /// The field path (`leakage_mw`, `default.baseline`); empty for whole-file problems.
    pub field: String,
    /// The offending value as written (shortened when long); empty when the field is missing.
    pub value: String,
    /// What is wrong and what is accepted.
    pub problem: String,
}

impl fmt::Display for PresetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        match (self.field.is_empty(), self.value.is_empty()) {
            (true, _) => write!(f, ": {}", self.problem),
            (false, true) => write!(f, ": {}: {}", self.field, self.problem),
            (false, false) => write!(f, ": {} = {}: {}", self.field, self.value, self.problem),
        }
    }
}

/// All problems found while loading a preset library (never empty when returned as an error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PresetErrors(pub Vec<PresetError>);

impl fmt::Display for PresetErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "{n} problem{} in the presets:",
            if n == 1 { "" } else { "s" }
        )?;
        for e in &self.0 {
            writeln!(f, "  {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PresetErrors {}

impl PresetErrors {
    /// The same problems without the text they quote from the file (a located problem's field
    /// and value as written; a whole-file problem names only the reader's own keys): for a file
    /// the user did not name, whose lines must not be echoed.
    pub fn without_quotes(mut self) -> PresetErrors {
        for e in self.0.iter_mut().filter(|e| e.line.is_some()) {
            e.field.clear();
            e.value.clear();
        }
        self
    }
}

/// Shortens a user-supplied value for display in a message (never more than 60 characters).
pub(crate) fn shorten(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let head: String = value.chars().take(MAX - 1).collect();
        format!("{head}…")
    }
}

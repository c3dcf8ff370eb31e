//! Fuzz tests (proptest) for every reader of outside text: the TOML preset loaders
//! (`nvmcalc::load_library`, `Index::parse`, `Library::load` and each kind's parser), NVSim's
//! `.cfg` and `.cell` readers and the `.cell` import (`nvmcalc::nvsim`), and the share-link
//! codec (`Scenario::from_query`, `CustomCell::from_link`). Inputs are arbitrary text and
//! mutations of the real files: the shipped presets (`presets/`), the NVSim files of
//! `tests/golden/nvsim/`, and links written by the codec itself. Lines are deleted, duplicated,
//! swapped, (un)commented; numbers become 0, -1, 1e308, NaN, inf, 1e-320, huge integers; text is
//! cut at any byte and random bytes are put in.
//!
//! What must hold: no reader panics; a refused input gives an error that names at least one
//! problem, in non-empty words; a mutated preset library that still loads holds no NaN or
//! infinite number; a link decodes to a scenario whose own link decodes without a notice to the
//! same scenario and the same link (read as the page reads its own queries when it is longer
//! than a link may be: see `check_link`); a custom cell's link value reads back from its own
//! link, and the cell it makes from its preset file.
//!
//! CI runs a bounded number of cases (`CASES_*` below: the whole file runs in about 1 s in
//! `cargo test --release`, 3 s in a debug build, on 2 cores). For a longer local run set
//! `PROPTEST_CASES`, which then applies to every test here (a case of the whole-library test takes
//! about 12 ms, so 100000 cases take about 20 minutes, the other tests a few):
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --release --test fuzz_parsers
//! ```
//!
//! A failure is shrunk to a minimal input and saved in `tests/fuzz_parsers.proptest-regressions`
//! (replayed first on later runs).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::select;

use nvmcalc::circuit::cell::parse_cell_preset;
use nvmcalc::circuit::tech::parse_node;
use nvmcalc::gpu::chip::parse_gpu_preset;
use nvmcalc::gpu::measured::parse_measured_preset;
use nvmcalc::gpu::network::parse_network_preset;
use nvmcalc::nvsim::cell_from_nvsim;
use nvmcalc::nvsim::format::{parse_cell, parse_cfg};
use nvmcalc::nvsim::runner::{import_cell, import_cell_quietly};
use nvmcalc::scenario::param::PARAMS;
use nvmcalc::scenario::{resolve_custom, to_preset_toml, CustomCell, MAX_QUERY_BYTES};
use nvmcalc::{Index, Library, PresetErrors, Scenario};

// ---------------------------------------------------------------------------------------------
// Case counts

/// Cases of the tests of one reader on one text (well under a millisecond each).
const CASES_CHEAP: u32 = 256;
/// Cases of the link tests (a link decoded, written and decoded again: about 0.1 ms each).
const CASES_LINK: u32 = 384;
/// Cases of the tests that load the whole preset library (about 12 ms each in release) or read
/// a page query of up to 200 parameters.
const CASES_HEAVY: u32 = 96;

/// `ci` cases, or `PROPTEST_CASES` when set (proptest's own variable: `with_cases` would
/// override it).
fn config(ci: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(ci);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// The real files

/// The shipped preset files: `index.toml` first, then every file it names, in its order.
struct Presets {
    index: String,
    files: Vec<(String, String)>,
}

static PRESETS: LazyLock<Presets> = LazyLock::new(|| {
    let dir = common::presets_dir();
    let index = fs::read_to_string(dir.join("index.toml")).expect("presets/index.toml");
    let parsed = Index::parse(&index).unwrap_or_else(|e| panic!("{e}"));
    let files = parsed
        .files()
        .map(|p| {
            let text = fs::read_to_string(dir.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
            (p.to_string(), text)
        })
        .collect();
    Presets { index, files }
});

static LIBRARY: LazyLock<Library> = LazyLock::new(common::shipped_library);

/// The NVSim files of `tests/golden/nvsim/{configs,samples}` with extension `ext`: (name, text).
fn nvsim_files(ext: &str) -> Vec<(String, String)> {
    let root: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/nvsim");
    let mut out = Vec::new();
    for folder in ["configs", "samples"] {
        let Ok(entries) = fs::read_dir(root.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == ext) {
                if let Ok(text) = fs::read_to_string(&path) {
                    let name = format!("{folder}/{}", entry.file_name().to_string_lossy());
                    out.push((name, text));
                }
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no .{ext} file under tests/golden/nvsim");
    out
}

static NVSIM_CFGS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| nvsim_files("cfg"));
static NVSIM_CELLS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| nvsim_files("cell"));

// ---------------------------------------------------------------------------------------------
// Mutations

/// Numbers and not-quite-numbers put in place of a number or a value.
const EXTREMES: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1",
    "0.0",
    "-0.0",
    "1e308",
    "-1e308",
    "1e309",
    "1.7976931348623157e308",
    "nan",
    "+nan",
    "-nan",
    "NaN",
    "inf",
    "+inf",
    "-inf",
    "Infinity",
    "1e-320",
    "5e-324",
    "1e-400",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999999999",
    "4294967295",
    "4294967296",
    "2147483648",
    "65536",
    "1073741824",
    "0x7fffffffffffffff",
    "0o777",
    "0b1",
    "1_000_000",
    "1__0",
    "00",
    "1.",
    ".5",
    "1e",
    "1e+",
    "--1",
    "1.5",
    "0.5",
    "\"1\"",
    "\"\"",
    "''",
    "[]",
    "[1, 2]",
    "[\"a\"]",
    "{}",
    "{ a = 1 }",
    "true",
    "false",
    "1979-05-27T07:32:00Z",
    "07:32:00",
    "",
    " ",
    "Yes",
    "No",
    "x",
];

/// A value put in place of a number or of a whole value.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(EXTREMES).prop_map(String::from),
        2 => any::<f64>().prop_map(|x| format!("{x:e}")),
        1 => any::<f64>().prop_map(|x| format!("{x}")),
        2 => any::<i64>().prop_map(|x| x.to_string()),
        1 => any::<u64>().prop_map(|x| x.to_string()),
        2 => "[ -~]{0,16}",
        1 => "\\PC{0,8}",
    ]
}

/// One change to a text. Positions are taken modulo what the text has.
#[derive(Clone, Debug)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    /// Removes a leading `//` or `#` (NVSim's commented-out alternatives), or comments a line.
    ToggleComment(usize),
    /// The n-th number in the text.
    ReplaceNumber(usize, String),
    /// The numbers of one key (`repeat = 3`, `-CellArea (F^2): 146`), the key picked among the
    /// text's keys with numbers, then one of its numbers: rare keys as likely as common ones.
    ReplaceKeyedNumber(usize, usize, String),
    /// Everything after the first `=` or `:` of a line.
    ReplaceValue(usize, String),
    /// A line's value copied onto another line (a value of the wrong kind).
    CopyValue(usize, usize),
    /// Cut at a byte (possibly inside a character).
    Truncate(usize),
    InsertBytes(usize, Vec<u8>),
    InsertText(usize, String),
    DeleteBytes(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        2 => at.prop_map(Mutation::DeleteLine),
        2 => at.prop_map(Mutation::DuplicateLine),
        1 => (at, at).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        2 => at.prop_map(Mutation::ToggleComment),
        3 => (at, value()).prop_map(|(n, v)| Mutation::ReplaceNumber(n, v)),
        4 => (at, at, value()).prop_map(|(k, n, v)| Mutation::ReplaceKeyedNumber(k, n, v)),
        3 => (at, value()).prop_map(|(n, v)| Mutation::ReplaceValue(n, v)),
        1 => (at, at).prop_map(|(a, b)| Mutation::CopyValue(a, b)),
        1 => at.prop_map(Mutation::Truncate),
        1 => (at, proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(a, b)| Mutation::InsertBytes(a, b)),
        1 => (at, "[\\[\\]{}=:\"'#,.\\n\\\\ a-z0-9-]{1,6}")
            .prop_map(|(a, s)| Mutation::InsertText(a, s)),
        1 => (at, 1usize..16).prop_map(|(a, n)| Mutation::DeleteBytes(a, n)),
    ]
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    proptest::collection::vec(mutation(), 1..5)
}

/// The lines of `text`, each with its line end.
fn lines(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(String::from).collect()
}

/// The byte ranges of the numbers in `text`: a digit not inside a word, with what may follow it
/// in a number (`.`, `_`, exponents, signs) and a sign before it.
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit()
            && (i == 0
                || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_' || b[i - 1] == b'.'));
        if !starts {
            i += 1;
            continue;
        }
        let start = if i > 0 && (b[i - 1] == b'-' || b[i - 1] == b'+') {
            i - 1
        } else {
            i
        };
        let mut end = i;
        while end < b.len()
            && (b[end].is_ascii_digit()
                || matches!(b[end], b'.' | b'_' | b'e' | b'E' | b'+' | b'-'))
        {
            end += 1;
        }
        out.push((start, end));
        i = end;
    }
    out
}

/// The numbers written as a key's value (`key = 1`, `-Key (unit): 1`), grouped by key, keys in
/// order of first appearance.
fn keyed_numbers(text: &str) -> Vec<Vec<(usize, usize)>> {
    let b = text.as_bytes();
    let mut keys: Vec<(&str, Vec<(usize, usize)>)> = Vec::new();
    for (s, e) in numbers(text) {
        let mut i = s;
        while i > 0 && b[i - 1] == b' ' {
            i -= 1;
        }
        if i == 0 || !matches!(b[i - 1], b'=' | b':') {
            continue;
        }
        i -= 1;
        while i > 0 && b[i - 1] == b' ' {
            i -= 1;
        }
        let end = i;
        while i > 0
            && (b[i - 1].is_ascii_alphanumeric()
                || matches!(b[i - 1], b'_' | b'(' | b')' | b'^' | b' '))
        {
            i -= 1;
        }
        let key = text[i..end].trim();
        if key.is_empty() {
            continue;
        }
        match keys.iter_mut().find(|(k, _)| *k == key) {
            Some((_, spans)) => spans.push((s, e)),
            None => keys.push((key, vec![(s, e)])),
        }
    }
    keys.into_iter().map(|(_, spans)| spans).collect()
}

/// The byte offset of a line's value: after its first `=` (TOML) or `:` (NVSim).
fn value_start(line: &str) -> Option<usize> {
    line.find(['=', ':']).map(|i| i + 1)
}

fn without_line_end(line: &str) -> (&str, &str) {
    let body = line.trim_end_matches(['\n', '\r']);
    (body, &line[body.len()..])
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut ls = lines(text);
    let n = ls.len();
    match m {
        Mutation::DeleteLine(i) if n > 0 => {
            ls.remove(i % n);
        }
        Mutation::DuplicateLine(i) if n > 0 => {
            let l = ls[i % n].clone();
            let l = if l.ends_with('\n') { l } else { l + "\n" };
            ls.insert(i % n, l);
        }
        Mutation::SwapLines(a, b) if n > 0 => ls.swap(a % n, b % n),
        Mutation::ToggleComment(i) if n > 0 => {
            let l = &mut ls[i % n];
            let t = l.trim_start();
            *l = if let Some(rest) = t.strip_prefix("//") {
                rest.to_string()
            } else if let Some(rest) = t.strip_prefix('#') {
                rest.to_string()
            } else if t.starts_with('-') {
                format!("//{l}")
            } else {
                format!("#{l}")
            };
        }
        Mutation::ReplaceValue(i, v) if n > 0 => {
            let l = &mut ls[i % n];
            let (body, end) = without_line_end(l);
            if let Some(at) = value_start(body) {
                *l = format!("{} {v}{end}", &body[..at]);
            }
        }
        Mutation::CopyValue(a, b) if n > 0 => {
            let from = without_line_end(&ls[a % n]).0.to_string();
            if let Some(v) = value_start(&from).map(|at| from[at..].to_string()) {
                let l = &mut ls[b % n];
                let (body, end) = without_line_end(l);
                if let Some(at) = value_start(body) {
                    *l = format!("{}{v}{end}", &body[..at]);
                }
            }
        }
        Mutation::ReplaceNumber(k, v) => {
            let found = numbers(text);
            if found.is_empty() {
                return text.to_string();
            }
            let (s, e) = found[k % found.len()];
            return format!("{}{v}{}", &text[..s], &text[e..]);
        }
        Mutation::ReplaceKeyedNumber(k, n, v) => {
            let keys = keyed_numbers(text);
            if keys.is_empty() {
                return text.to_string();
            }
            let spans = &keys[k % keys.len()];
            let (s, e) = spans[n % spans.len()];
            return format!("{}{v}{}", &text[..s], &text[e..]);
        }
        Mutation::Truncate(at) => {
            let at = at % (text.len() + 1);
            return String::from_utf8_lossy(&text.as_bytes()[..at]).into_owned();
        }
        Mutation::InsertBytes(at, bytes) => {
            let at = at % (text.len() + 1);
            let mut b = text.as_bytes().to_vec();
            b.splice(at..at, bytes.iter().copied());
            return String::from_utf8_lossy(&b).into_owned();
        }
        Mutation::InsertText(at, s) => {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return format!("{}{s}{}", &text[..at], &text[at..]);
        }
        Mutation::DeleteBytes(at, len) => {
            let at = at % (text.len() + 1);
            let end = (at + len).min(text.len());
            let mut b = text.as_bytes().to_vec();
            b.drain(at..end);
            return String::from_utf8_lossy(&b).into_owned();
        }
        _ => {}
    }
    ls.concat()
}

fn mutate(text: &str, ms: &[Mutation]) -> String {
    ms.iter().fold(text.to_string(), |t, m| apply(&t, m))
}

/// Arbitrary text: printable, any characters, or random bytes read as UTF-8 with replacement.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,200}",
        ".{0,200}",
        proptest::collection::vec(any::<u8>(), 0..200)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        // TOML- and NVSim-shaped lines of random keys and values.
        proptest::collection::vec(
            (
                "(-|\\[)?[A-Za-z_.]{1,12}( \\([A-Za-z^]{1,3}\\))?",
                "[=:]",
                value()
            ),
            0..12
        )
        .prop_map(|ls| ls
            .iter()
            .map(|(k, sep, v)| format!("{k}{sep} {v}\n"))
            .collect()),
    ]
}

// ---------------------------------------------------------------------------------------------
// Checks

/// A refusal names at least one problem, each in words, and prints as non-empty text.
fn check_errors(e: &PresetErrors) -> Result<(), TestCaseError> {
    prop_assert!(!e.0.is_empty(), "an error without a problem");
    for p in &e.0 {
        prop_assert!(
            !p.problem.trim().is_empty(),
            "a problem without words: {p:?}"
        );
        prop_assert!(!p.file.is_empty(), "a problem without its file: {p:?}");
    }
    prop_assert!(!e.to_string().trim().is_empty());
    Ok(())
}

fn check_message(what: &str, message: &str) -> Result<(), TestCaseError> {
    prop_assert!(!message.trim().is_empty(), "{what}: an empty error message");
    Ok(())
}

/// The words `NaN` and `inf` outside quoted text in a `Debug` rendering: a non-finite float.
fn non_finite(debug: &str) -> Option<String> {
    let b = debug.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                let word = &debug[start..i];
                if word == "NaN" || word == "inf" {
                    let from = start.saturating_sub(60);
                    let mut from = from;
                    while !debug.is_char_boundary(from) {
                        from -= 1;
                    }
                    return Some(debug[from..i].to_string());
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// A loaded library holds only finite numbers.
fn check_library(lib: &Library) -> Result<(), TestCaseError> {
    if let Some(at) = non_finite(&format!("{lib:?}")) {
        prop_assert!(false, "a non-finite number in a loaded library: …{at}");
    }
    Ok(())
}

/// The shipped files with file `which` (0: the index, then the index's files) replaced by `text`,
/// loaded as `load_library` loads them.
fn load_with(which: usize, text: &str) -> Result<Library, PresetErrors> {
    let p = &*PRESETS;
    let index = if which == 0 { text } else { &p.index };
    nvmcalc::load_library(index, |path| {
        p.files
            .iter()
            .enumerate()
            .find(|(_, (name, _))| name == path)
            .map(|(i, (_, t))| {
                if i + 1 == which {
                    text.to_string()
                } else {
                    t.clone()
                }
            })
    })
}

/// The kind of a preset file, by the index list that names it.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Node,
    Cell,
    Cache,
    Workload,
    Network,
    Gpu,
    Measured,
}

const KINDS: [Kind; 7] = [
    Kind::Node,
    Kind::Cell,
    Kind::Cache,
    Kind::Workload,
    Kind::Network,
    Kind::Gpu,
    Kind::Measured,
];

fn kind_of(path: &str) -> Kind {
    let index = Index::parse(&PRESETS.index).expect("the shipped index");
    let lists = [
        (&index.nodes, Kind::Node),
        (&index.cells, Kind::Cell),
        (&index.caches, Kind::Cache),
        (&index.workloads, Kind::Workload),
        (&index.networks, Kind::Network),
        (&index.gpus, Kind::Gpu),
        (&index.measured, Kind::Measured),
    ];
    lists
        .iter()
        .find(|(l, _)| l.iter().any(|p| p == path))
        .map(|(_, k)| *k)
        .expect("every file is in a list")
}

/// One file of one kind through its own parser (the public one, or a one-file library for the
/// cache and count-workload presets, whose parsers are private).
fn parse_one(kind: Kind, path: &str, text: &str) -> Result<(), TestCaseError> {
    let result = match kind {
        Kind::Node => parse_node(path, text).map(|n| format!("{n:?}")),
        Kind::Cell => parse_cell_preset(path, text).map(|c| format!("{c:?}")),
        Kind::Network => parse_network_preset(path, text).map(|n| format!("{n:?}")),
        Kind::Gpu => parse_gpu_preset(path, text).map(|g| format!("{g:?}")),
        Kind::Measured => parse_measured_preset(path, text).map(|m| format!("{m:?}")),
        Kind::Cache | Kind::Workload => {
            let list = |k: Kind| {
                if std::mem::discriminant(&k) == std::mem::discriminant(&kind) {
                    format!("[\"{path}\"]")
                } else {
                    "[]".to_string()
                }
            };
            let index = format!(
                "schema = 1\nnodes = []\ncells = []\ncaches = {}\nworkloads = {}\nnetworks = []\n\
                 gpus = []\n[default]\ntechnologies = [\"x\"]\nbaseline = \"x\"\n\
                 workload = \"x\"\ndelay = \"access\"\n",
                list(Kind::Cache),
                list(Kind::Workload)
            );
            let index = Index::parse(&index).expect("a one-file index");
            Library::load(&index, &[(path.to_string(), text.to_string())]).map(|l| format!("{l:?}"))
        }
    };
    match result {
        Ok(debug) => {
            if let Some(at) = non_finite(&debug) {
                prop_assert!(false, "{path}: a non-finite number read: …{at}");
            }
            Ok(())
        }
        Err(e) => check_errors(&e),
    }
}

// ---------------------------------------------------------------------------------------------
// Links

/// Every id the shipped library defines, of every kind.
static IDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let l = &*LIBRARY;
    l.technologies
        .iter()
        .map(|t| t.id.clone())
        .chain(l.cells.iter().map(|c| c.id.clone()))
        .chain(l.workloads.iter().map(|w| w.id.clone()))
        .chain(l.networks.iter().map(|n| n.id.clone()))
        .chain(l.gpus.iter().map(|g| g.id.clone()))
        .chain(l.measured.iter().map(|m| m.id.clone()))
        .chain(l.nodes.iter().map(|n| n.id.clone()))
        .collect()
});

/// Links to start from: the default scenario's, every parameter's example together, and one
/// with a custom cell.
static LINKS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let lib = &*LIBRARY;
    let default = Scenario::default_for(lib).to_query(false);
    let examples = PARAMS
        .iter()
        .map(|p| format!("{}={}", p.key, p.example))
        .collect::<Vec<_>>()
        .join("&");
    let cell = lib.cells.first().map(|c| c.id.clone()).unwrap_or_default();
    let custom = format!(
        "v=1&cell=mine~{cell}~cell_area_f2:120~name:'Mine~-notes_x&tech=mine,{cell}&base=mine"
    );
    vec![default, examples, custom]
});

const LINK_PIECES: &[&str] = &[
    "",
    "%",
    "%2",
    "%zz",
    "%25",
    "%00",
    "%FF",
    "%C3%A9",
    "%E2%82%AC",
    "%26",
    "%3D",
    "%23",
    "%2C",
    "%7E",
    "+",
    "%2B",
    "é",
    "日本",
    "🦀",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "&",
    "=",
    "#",
    "&&",
    "==",
    "?",
    "a=b&c",
    ",",
    ",,",
    "~",
    "~~",
    ":",
    "'",
    "-",
    "1",
    "0",
    "-1",
    "1e308",
    "nan",
    "inf",
    "99999999999999999999",
    "4294967296",
    "cell",
    "1",
    "true",
];

/// A value in a link: pieces of ids, examples, escapes, non-ASCII, separators and long runs.
fn link_value() -> impl Strategy<Value = String> {
    let examples: Vec<&'static str> = PARAMS.iter().map(|p| p.example).collect();
    let piece = prop_oneof![
        3 => select(IDS.clone()),
        2 => select(examples).prop_map(String::from),
        3 => select(LINK_PIECES).prop_map(String::from),
        1 => select(EXTREMES).prop_map(String::from),
        2 => "\\PC{0,12}",
        1 => (select(LINK_PIECES), 1usize..2000).prop_map(|(p, n)| p.repeat(n)),
        1 => (select(IDS.clone()), 1usize..40)
            .prop_map(|(id, n)| vec![id; n].join(",")),
    ];
    proptest::collection::vec(piece, 0..4).prop_map(|ps| ps.concat())
}

/// A key in a link: a known one mostly, else a near miss or garbage.
fn link_key() -> impl Strategy<Value = String> {
    let keys: Vec<&'static str> = PARAMS.iter().map(|p| p.key).collect();
    prop_oneof![
        8 => select(keys.clone()).prop_map(String::from),
        1 => select(keys.clone()).prop_map(|k| k.to_uppercase()),
        1 => select(keys).prop_map(|k| k.bytes().map(|b| format!("%{b:02X}")).collect()),
        1 => "[a-z%+ ]{0,6}",
    ]
}

/// One change to a link, pair by pair.
#[derive(Clone, Debug)]
enum LinkEdit {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    SetValue(usize, String),
    SetKey(usize, String),
    /// A text mutation of one pair's value alone (its numbers, its parts).
    MutateValue(usize, Mutation),
    Add(String, String),
    Text(Mutation),
}

fn link_edit() -> impl Strategy<Value = LinkEdit> {
    let at = any::<usize>();
    prop_oneof![
        1 => at.prop_map(LinkEdit::Delete),
        1 => at.prop_map(LinkEdit::Duplicate),
        1 => (at, at).prop_map(|(a, b)| LinkEdit::Swap(a, b)),
        4 => (at, link_value()).prop_map(|(a, v)| LinkEdit::SetValue(a, v)),
        1 => (at, link_key()).prop_map(|(a, k)| LinkEdit::SetKey(a, k)),
        3 => (link_key(), link_value()).prop_map(|(k, v)| LinkEdit::Add(k, v)),
        3 => (at, mutation()).prop_map(|(a, m)| LinkEdit::MutateValue(a, m)),
        2 => custom_cell_link().prop_map(|v| LinkEdit::Add("cell".into(), v)),
        1 => Just(LinkEdit::Add("tech".into(), "mine".into())),
        1 => prop_oneof![
            any::<usize>().prop_map(Mutation::Truncate),
            (any::<usize>(), "[&=#%+~,:'a-z0-9]{1,6}").prop_map(|(a, s)| Mutation::InsertText(a, s)),
            (any::<usize>(), 1usize..8).prop_map(|(a, n)| Mutation::DeleteBytes(a, n)),
            (any::<usize>(), value()).prop_map(|(n, v)| Mutation::ReplaceNumber(n, v)),
        ]
        .prop_map(LinkEdit::Text),
    ]
}

fn edit_link(link: &str, edits: &[LinkEdit]) -> String {
    let mut pairs: Vec<String> = link.split('&').map(String::from).collect();
    for e in edits {
        let n = pairs.len();
        match e {
            LinkEdit::Delete(i) if n > 0 => {
                pairs.remove(i % n);
            }
            LinkEdit::Duplicate(i) if n > 0 => pairs.push(pairs[i % n].clone()),
            LinkEdit::Swap(a, b) if n > 0 => pairs.swap(a % n, b % n),
            LinkEdit::SetValue(i, v) if n > 0 => {
                let p = &mut pairs[i % n];
                let key = p.split_once('=').map_or(p.as_str(), |(k, _)| k).to_string();
                *p = format!("{key}={v}");
            }
            LinkEdit::SetKey(i, k) if n > 0 => {
                let p = &mut pairs[i % n];
                let value = p.split_once('=').map_or("", |(_, v)| v).to_string();
                *p = format!("{k}={value}");
            }
            LinkEdit::MutateValue(i, m) if n > 0 => {
                let p = &mut pairs[i % n];
                if let Some((k, v)) = p.split_once('=') {
                    *p = format!("{k}={}", apply(v, m));
                }
            }
            LinkEdit::Add(k, v) => pairs.push(format!("{k}={v}")),
            LinkEdit::Text(m) => {
                let joined = apply(&pairs.join("&"), m);
                pairs = joined.split('&').map(String::from).collect();
            }
            _ => {}
        }
    }
    pairs.join("&")
}

/// Decodes `query` (each notice says what is wrong; the scenario is valid),
/// then the link of what it decoded to: the second decoding gives no notice, the same scenario
/// (less custom cells no technology uses, which a link does not carry) and the same link.
fn check_link(query: &str) -> Result<(), TestCaseError> {
    let lib = &*LIBRARY;
    let first = Scenario::from_query(query, lib);
    for n in &first.notices {
        // The key may be empty: it is the link's (`=1`).
        prop_assert!(
            !n.message.trim().is_empty(),
            "a notice without words: {n:?}"
        );
    }
    let s = &first.scenario;
    prop_assert!(!s.technologies.is_empty());
    prop_assert!(s.technologies.contains(&s.baseline));
    prop_assert!(s.cache.validate().is_ok());

    let link = s.to_query(first.embed);
    // A link longer than `MAX_QUERY_BYTES` is refused whole, by design (the page's share view
    // warns before one is shared). A link can decode within the limit and write one beyond it:
    // text written raw in a custom cell (`name:'éé…`) comes back escaped, up to 12 bytes a
    // character. Such a link is read back as the page reads its own queries.
    let second = if link.len() > MAX_QUERY_BYTES {
        Scenario::from_page_query(&link, lib)
    } else {
        Scenario::from_query(&link, lib)
    };
    prop_assert!(
        second.notices.is_empty(),
        "the link of a decoded scenario has notices\n  query: {query}\n  link: {link}\n  notices: {:?}",
        second.notices
    );
    prop_assert_eq!(second.embed, first.embed);
    let mut expected = s.clone();
    expected
        .cells
        .retain(|c| expected.technologies.contains(&c.id));
    prop_assert_eq!(
        &second.scenario,
        &expected,
        "query: {}\n  link: {}",
        query,
        link
    );
    prop_assert_eq!(second.scenario.to_query(second.embed), link);
    Ok(())
}

/// A custom cell's link value: either refused with words, or read to a cell whose own link
/// reads back to it; resolved against the library, a cell that its preset file reads back to.
fn check_custom_cell(raw: &str) -> Result<(), TestCaseError> {
    match CustomCell::from_link(raw) {
        Ok(c) => {
            let link = c.to_link();
            let again = CustomCell::from_link(&link);
            prop_assert_eq!(
                again.as_ref().ok(),
                Some(&c),
                "raw: {}\n  link: {}",
                raw,
                link
            );
            match resolve_custom(&c, &LIBRARY) {
                Ok(cell) => {
                    if let Some(at) = non_finite(&format!("{cell:?}")) {
                        prop_assert!(false, "{raw}: a non-finite number in the cell: …{at}");
                    }
                    // Whatever text it carries, the cell survives its preset file.
                    let toml = to_preset_toml(&cell);
                    let back = parse_cell_preset(&format!("cells/{}.toml", cell.id), &toml);
                    prop_assert_eq!(back.as_ref().ok(), Some(&cell), "raw: {}\n{}", raw, toml);
                }
                Err(e) => check_message(raw, &e.to_string())?,
            }
        }
        Err(e) => check_message(raw, &e.to_string())?,
    }
    Ok(())
}

fn custom_cell_link() -> impl Strategy<Value = String> {
    use nvmcalc::scenario::Value;
    let cells: Vec<String> = LIBRARY.cells.iter().map(|c| c.id.clone()).collect();
    let mut paths = std::collections::BTreeSet::new();
    let mut text_paths = std::collections::BTreeSet::new();
    for e in LIBRARY.cells.iter().flat_map(nvmcalc::scenario::entries) {
        if matches!(e.value, Value::Text(_)) {
            text_paths.insert(e.path.clone());
        }
        paths.insert(e.path);
    }
    let paths: Vec<String> = paths.into_iter().collect();
    let text_paths: Vec<String> = text_paths.into_iter().collect();
    let change = prop_oneof![
        3 => (select(paths.clone()), value()).prop_map(|(p, v)| format!("{p}:{v}")),
        2 => (select(paths.clone()), "\\PC{0,10}").prop_map(|(p, t)| format!("{p}:'{t}")),
        1 => select(paths).prop_map(|p| format!("-{p}")),
        // Long texts, of characters a link writes escaped (three to twelve bytes each).
        2 => (select(text_paths), select(&["x", "é", "(", " ", "🦀", "%", "~", "'"][..]), 1usize..2001)
            .prop_map(|(p, c, n)| format!("{p}:'{}", c.repeat(n))),
        1 => link_value(),
    ];
    (
        // `mine` is the custom cell the links to mutate compare.
        prop_oneof![2 => Just("mine".to_string()), 2 => "[a-z][a-z0-9_]{0,8}", 1 => link_value()],
        prop_oneof![4 => select(cells), 1 => link_value()],
        proptest::collection::vec(change, 0..6),
    )
        .prop_map(|(id, base, changes)| {
            std::iter::once(id)
                .chain(std::iter::once(base))
                .chain(changes)
                .collect::<Vec<_>>()
                .join("~")
        })
}

// ---------------------------------------------------------------------------------------------
// The tests

#[test]
fn the_shipped_library_holds_no_non_finite_number() {
    // The property `check_library` asks of a mutated library holds for the shipped one.
    assert_eq!(non_finite(&format!("{:?}", *LIBRARY)), None);
    assert_eq!(non_finite("a: 1.0, b: \"NaN inf\", c: 'x'"), None);
    assert!(non_finite("a: NaN").is_some() && non_finite("x: -inf }").is_some());
}

#[test]
fn the_mutations_do_what_they_say() {
    let t = "a = 1\nb = -2.5e3\n# c\n";
    assert_eq!(numbers(t), [(4, 5), (10, 16)]);
    assert_eq!(
        apply(t, &Mutation::ReplaceNumber(1, "nan".into())),
        "a = 1\nb = nan\n# c\n"
    );
    assert_eq!(apply(t, &Mutation::DeleteLine(0)), "b = -2.5e3\n# c\n");
    assert_eq!(
        keyed_numbers("x = 1\n{ repeat = 2, x = 3 }\n-Area (F^2): 4 5\n").len(),
        3
    );
    assert_eq!(
        apply(t, &Mutation::ReplaceKeyedNumber(1, 0, "inf".into())),
        "a = 1\nb = inf\n# c\n"
    );
    assert_eq!(
        apply(t, &Mutation::ToggleComment(2)),
        "a = 1\nb = -2.5e3\n c\n"
    );
    assert_eq!(
        apply(t, &Mutation::ReplaceValue(0, "x".into())),
        "a = x\nb = -2.5e3\n# c\n"
    );
    assert_eq!(
        apply(t, &Mutation::CopyValue(1, 0)),
        "a = -2.5e3\nb = -2.5e3\n# c\n"
    );
    assert_eq!(apply(t, &Mutation::Truncate(3)), "a =");
    assert_eq!(
        edit_link("a=1&b=2", &[LinkEdit::SetValue(1, "x".into())]),
        "a=1&b=x"
    );
    // Every shipped file is read and parses unchanged through its own parser.
    for (path, text) in &PRESETS.files {
        parse_one(kind_of(path), path, text).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
    assert!(load_with(0, &PRESETS.index).is_ok());
    for (name, text) in NVSIM_CFGS.iter() {
        parse_cfg(name, text).unwrap_or_else(|e| panic!("{e}"));
    }
}

proptest! {
    #![proptest_config(config(CASES_CHEAP))]

    /// Any text as the index, as each kind of preset file, and as NVSim files.
    #[test]
    fn any_text_is_read_or_refused_with_words(text in any_text(), kind in 0usize..KINDS.len()) {
        match Index::parse(&text) {
            Ok(index) => {
                // Whatever it names, with no file to read: each missing file is named.
                match Library::load(&index, &[]) {
                    Ok(lib) => check_library(&lib)?,
                    Err(e) => check_errors(&e)?,
                }
            }
            Err(e) => check_errors(&e)?,
        }
        parse_one(KINDS[kind], "any/text.toml", &text)?;
        if let Err(e) = parse_cfg("any.cfg", &text) {
            check_errors(&e)?;
        }
        if let Err(e) = parse_cell("any.cell", &text) {
            check_errors(&e)?;
        }
        if let Err(e) = import_cell("any.cell", &text) {
            check_message("import_cell", &e)?;
        }
    }

    /// A shipped preset file, mutated, through its own parser.
    #[test]
    fn a_mutated_preset_file_is_read_or_refused_with_words(
        which in any::<prop::sample::Index>(),
        ms in mutations(),
    ) {
        let (path, text) = which.get(&PRESETS.files);
        let text = mutate(text, &ms);
        parse_one(kind_of(path), path, &text)?;
    }

    /// An NVSim `.cell`, mutated: parsed, imported (loudly and quietly), or refused with words.
    #[test]
    fn a_mutated_nvsim_cell_is_read_or_refused_with_words(
        which in any::<prop::sample::Index>(),
        ms in mutations(),
    ) {
        let (name, text) = which.get(&NVSIM_CELLS);
        let text = mutate(text, &ms);
        match parse_cell(name, &text) {
            Ok(cell) => {
                match cell_from_nvsim("fuzz", &cell) {
                    Ok(spec) => {
                        if let Some(at) = non_finite(&format!("{spec:?}")) {
                            prop_assert!(false, "{name}: a non-finite number imported: …{at}");
                        }
                    }
                    Err(e) => check_message(name, &e.to_string())?,
                }
            }
            Err(e) => check_errors(&e)?,
        }
        for r in [import_cell(name, &text), import_cell_quietly(name, &text)] {
            if let Err(e) = r {
                check_message(name, &e)?;
            }
        }
    }

    /// An NVSim `.cfg`, mutated: parsed or refused with words; the cell file it names is
    /// placed beside any path or refused with words.
    #[test]
    fn a_mutated_nvsim_cfg_is_read_or_refused_with_words(
        which in any::<prop::sample::Index>(),
        ms in mutations(),
        cfg_path in "[a-z/\\\\.:]{0,12}",
    ) {
        let (name, text) = which.get(&NVSIM_CFGS);
        let text = mutate(text, &ms);
        match parse_cfg(name, &text) {
            Ok(cfg) => {
                prop_assert!(!cfg.cell_file().is_empty());
                if let Err(e) = cfg.cell_path_beside(&cfg_path) {
                    check_message(name, &e)?;
                }
            }
            Err(e) => check_errors(&e)?,
        }
    }

    /// Any text as a custom cell's link value.
    #[test]
    fn any_custom_cell_link_is_read_or_refused_with_words(raw in any_text()) {
        check_custom_cell(&raw)?;
    }

    /// Custom cell link values made of real keys and odd values.
    #[test]
    fn a_shaped_custom_cell_link_round_trips_or_is_refused(raw in custom_cell_link()) {
        check_custom_cell(&raw)?;
    }

    /// Any text as a whole link.
    #[test]
    fn any_link_decodes_and_its_own_link_is_clean(query in any_text()) {
        check_link(&query)?;
    }
}

proptest! {
    #![proptest_config(config(CASES_LINK))]

    /// Real links with pairs deleted, repeated, swapped, re-keyed, given odd values (escapes,
    /// non-ASCII, `&`, `=`, `#`, long runs) or cut.
    #[test]
    fn a_mutated_link_decodes_and_its_own_link_is_clean(
        which in any::<prop::sample::Index>(),
        edits in proptest::collection::vec(link_edit(), 1..6),
    ) {
        let link: &String = which.get(&LINKS[..]);
        let query = edit_link(link, &edits);
        check_link(&query)?;
    }

    /// Links made of random known keys and odd values.
    #[test]
    fn a_link_of_random_pairs_decodes_and_its_own_link_is_clean(
        pairs in proptest::collection::vec((link_key(), link_value()), 0..10),
        question in any::<bool>(),
    ) {
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let query = format!("{}{}", if question { "?" } else { "" }, query.join("&"));
        check_link(&query)?;
    }

    /// A link comparing one custom cell (of real keys, odd values, long texts) and other pairs.
    #[test]
    fn a_link_with_a_custom_cell_decodes_and_its_own_link_is_clean(
        cell in custom_cell_link(),
        preset in any::<prop::sample::Index>(),
        pairs in proptest::collection::vec((link_key(), link_value()), 0..4),
    ) {
        let id = cell.split('~').next().unwrap_or("").to_string();
        let preset = &preset.get(&LIBRARY.cells).id;
        let mut query = format!("cell={cell}&tech={id},{preset}");
        for (k, v) in &pairs {
            query.push_str(&format!("&{k}={v}"));
        }
        check_link(&query)?;
    }
}

proptest! {
    #![proptest_config(config(CASES_HEAVY))]

    /// The whole shipped library with one file (the index included) mutated: loaded or refused
    /// with words, and when loaded it holds only finite numbers.
    #[test]
    fn a_library_with_a_mutated_file_loads_or_is_refused_with_words(
        which in 0..=PRESETS.files.len(),
        ms in mutations(),
    ) {
        let text = if which == 0 { &PRESETS.index } else { &PRESETS.files[which - 1].1 };
        match load_with(which, &mutate(text, &ms)) {
            Ok(lib) => check_library(&lib)?,
            Err(e) => check_errors(&e)?,
        }
    }

    /// The page's own longer queries (`from_page_query`, up to 256 KiB) never panic.
    #[test]
    fn a_long_page_query_never_panics(
        pairs in proptest::collection::vec((link_key(), link_value()), 0..200),
    ) {
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let d = Scenario::from_page_query(&query.join("&"), &LIBRARY);
        prop_assert!(d.scenario.technologies.contains(&d.scenario.baseline));
        for n in &d.notices {
            prop_assert!(!n.message.trim().is_empty(), "{n:?}");
        }
    }
}

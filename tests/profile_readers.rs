//! The readers of a user's own GPU profile (`nvmcalc::gpu::profile`): every committed sample of
//! `tests/data/profiles/` sums to totals worked out by hand (and, for the ncu excerpts, by
//! `tools/profile_gpu.py`'s own parser), every broken sample names its problem, and no text,
//! however mangled, makes the reader panic.

use nvmcalc::gpu::profile::{read_profile, ProfileError, ProfileFormat, ProfileTotals};
use proptest::prelude::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/profiles");

/// The good samples, for the mutation test.
const GOOD: [&str; 3] = [
    "ncu_raw_resnet50_h200_excerpt.csv",
    "ncu_app_range.csv",
    "nvprof_metrics_summary.csv",
];

fn sample(name: &str) -> String {
    let path = format!("{DIR}/{name}");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn read(name: &str) -> ProfileTotals {
    read_profile(name, &sample(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn error(name: &str) -> (ProfileError, String) {
    match read_profile(&format!("tests/data/profiles/{name}"), &sample(name)) {
        Ok(t) => panic!("{name} read as {t:?}"),
        Err(e) => {
            let message = e.to_string();
            (e, message)
        }
    }
}

/// `a` and `b` agree to 1 part in 10¹² (scaled units go through a decimal fraction).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * a.abs().max(b.abs())
}

#[test]
fn the_ncu_excerpt_of_the_h200_resnet50_profile() {
    // Kernels 0, 2, 22 and 88 of docs/measurements/h200-2026-12-04/kernels_resnet50_inference_b32
    // (units: sector, byte, ns). The same sums come from tools/profile_gpu.py's parser (selftest).
    let t = read("ncu_raw_resnet50_h200_excerpt.csv");
    assert_eq!(t.format, ProfileFormat::NcuRaw);
    assert_eq!(t.kernels, 4);
    // 301,056 + 561,986 + 558,372 + 1,204,224
    assert_eq!(t.l2_read_sectors, 2_625_638.0);
    // 774,823 + 1,605,632 + 1,605,632 + 802,817
    assert_eq!(t.l2_write_sectors, 4_788_904.0);
    // 0 + 0 + 254 + 53
    assert_eq!(t.l2_atomic_sectors, Some(307.0));
    assert_eq!(t.l2_reduction_sectors, Some(0.0));
    // 9,645,824 + 12,938,752 + 12,904,192 + 13,167,104 (not dram__bytes_read.avg beside it)
    assert_eq!(t.dram_read_bytes, 48_655_872.0);
    // 571,392 + 45,934,080 + 45,156,096 + 18,186,752
    assert_eq!(t.dram_write_bytes, 109_848_320.0);
    // 64,416 + 61,792 + 18,240 + 20,224 ns = 164,672 ns
    assert_eq!(t.duration_s, Some(164_672e-9));
    assert_eq!(t.skipped_cells, 0);
}

#[test]
fn the_ncu_app_range_sample() {
    // Two ranges; units Mbyte, Gbyte, msecond; the second range's atomics are n/a.
    let t = read("ncu_app_range.csv");
    assert_eq!(t.format, ProfileFormat::NcuRange);
    assert_eq!(t.kernels, 2);
    // 168,276,708 + 1,000,000
    assert_eq!(t.l2_read_sectors, 169_276_708.0);
    // 97,519,939 + 500,000
    assert_eq!(t.l2_write_sectors, 98_019_939.0);
    // 2,047 + n/a
    assert_eq!(t.l2_atomic_sectors, Some(2047.0));
    // 0 + 12
    assert_eq!(t.l2_reduction_sectors, Some(12.0));
    // 1,467.046144 Mbyte + 12.5 Mbyte = 1,479,546,144 bytes
    assert!(
        close(t.dram_read_bytes, 1_479_546_144.0),
        "{}",
        t.dram_read_bytes
    );
    // 2.286687488 Gbyte + 0.25 Gbyte = 2,536,687,488 bytes
    assert!(
        close(t.dram_write_bytes, 2_536_687_488.0),
        "{}",
        t.dram_write_bytes
    );
    // 69.5 ms + 1.25 ms
    assert!(
        close(t.duration_s.unwrap_or(0.0), 0.07075),
        "{:?}",
        t.duration_s
    );
    assert_eq!(t.skipped_cells, 1);
}

#[test]
fn the_nvprof_metrics_summary_sample() {
    let t = read("nvprof_metrics_summary.csv");
    assert_eq!(t.format, ProfileFormat::Nvprof);
    // 3 invocations of the GEMM + 2 of the elementwise kernel
    assert_eq!(t.kernels, 5);
    // 1,100 × 3 + 50.5 × 2
    assert_eq!(t.l2_read_sectors, 3401.0);
    // 400 × 3 + 20 × 2
    assert_eq!(t.l2_write_sectors, 1240.0);
    // (250 × 3 + 16 × 2) × 32 bytes
    assert_eq!(t.dram_read_bytes, 782.0 * 32.0);
    // (100 × 3 + 8 × 2) × 32 bytes
    assert_eq!(t.dram_write_bytes, 316.0 * 32.0);
    assert_eq!(t.l2_atomic_sectors, None);
    assert_eq!(t.l2_reduction_sectors, None);
    assert_eq!(t.duration_s, None);
    assert_eq!(t.skipped_cells, 0);
}

#[test]
fn an_empty_file() {
    let (e, m) = error("broken_empty.csv");
    assert!(matches!(e, ProfileError::Empty { .. }), "{e:?}");
    assert!(m.starts_with("broken_empty.csv: "), "{m}");
}

#[test]
fn a_missing_metric_says_how_to_collect_it() {
    let (e, m) = error("broken_missing_dram_write.csv");
    assert!(matches!(e, ProfileError::MissingMetric { .. }), "{e:?}");
    assert!(m.starts_with("broken_missing_dram_write.csv: "), "{m}");
    assert!(m.contains("`dram__bytes_write.sum`"), "{m}");
    assert!(m.contains("add it to ncu --metrics"), "{m}");
}

#[test]
fn a_non_numeric_cell_is_named_with_its_line() {
    let (e, m) = error("broken_not_numeric.csv");
    assert_eq!(
        e,
        ProfileError::NotNumeric {
            file: "broken_not_numeric.csv".into(),
            metric: "lts__t_sectors_srcunit_tex_op_read.sum".into(),
            row: 4,
            value: "561,98six".into(),
        }
    );
    assert!(m.contains("line 4") && m.contains("`561,98six`"), "{m}");
}

#[test]
fn an_unknown_unit_is_named_with_its_metric() {
    let (e, m) = error("broken_unknown_unit.csv");
    assert!(matches!(e, ProfileError::UnknownUnit { .. }), "{e:?}");
    assert!(
        m.contains("gpu__time_duration.sum") && m.contains("`cycle`"),
        "{m}"
    );
    assert!(m.contains("usecond"), "{m}");
}

#[test]
fn every_sample_is_small_and_described_in_the_readme() {
    let readme = sample("README.md");
    let mut names = Vec::new();
    for entry in std::fs::read_dir(DIR).unwrap_or_else(|e| panic!("{DIR}: {e}")) {
        let entry = entry.unwrap_or_else(|e| panic!("{DIR}: {e}"));
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "README.md" {
            continue;
        }
        let len = entry.metadata().map(|m| m.len()).unwrap_or(u64::MAX);
        assert!(len < 4096, "{name}: {len} bytes; keep samples under 4 KB");
        assert!(
            readme.contains(&format!("`{name}`")),
            "README.md does not describe {name}"
        );
        names.push(name);
    }
    assert_eq!(names.len(), 7, "{names:?}");
}

/// The whole per-kernel files `tools/profile_gpu.py kernels` wrote on the H200 (gzip-compressed
/// in docs/measurements): sums as the script's own parser gives them. Skipped where no `gzip`.
#[test]
fn the_measured_kernel_files_read_whole() {
    // (file, kernels, L2 read, L2 write, atomics, DRAM read, DRAM write, ns)
    let cases = [
        (
            "kernels_resnet50_inference_b32.csv.gz",
            347,
            167_845_897.0,
            94_882_914.0,
            1983.0,
            2_669_873_152.0,
            1_711_716_608.0,
            4_047_904.0,
        ),
        (
            "kernels_bert_base_inference_b32_s128.csv.gz",
            154,
            154_290_601.0,
            43_665_425.0,
            7704.0,
            1_725_342_208.0,
            575_707_392.0,
            2_116_032.0,
        ),
    ];
    for (name, kernels, read, write, atomic, dram_read, dram_write, ns) in cases {
        let path = format!(
            "{}/docs/measurements/h200-2026-12-04/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        let Ok(out) = std::process::Command::new("gzip")
            .args(["-dc", &path])
            .output()
        else {
            eprintln!("skipped: no gzip to open {name}");
            return;
        };
        assert!(out.status.success(), "gzip -dc {path} failed");
        let text = String::from_utf8_lossy(&out.stdout);
        let t = read_profile(name, &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.format, ProfileFormat::NcuRaw);
        assert_eq!(t.kernels, kernels, "{name}");
        assert_eq!(t.l2_read_sectors, read, "{name}");
        assert_eq!(t.l2_write_sectors, write, "{name}");
        assert_eq!(t.l2_atomic_sectors, Some(atomic), "{name}");
        assert_eq!(t.l2_reduction_sectors, Some(0.0), "{name}");
        assert_eq!(t.dram_read_bytes, dram_read, "{name}");
        assert_eq!(t.dram_write_bytes, dram_write, "{name}");
        assert_eq!(t.duration_s, Some(ns / 1e9), "{name}");
        assert_eq!(t.skipped_cells, 0, "{name}");
    }
}

#[test]
fn profiler_noise_and_application_output_around_the_table_are_passed_over() {
    let text = sample("ncu_raw_resnet50_h200_excerpt.csv");
    let noisy = format!(
        "==PROF== Connected to process 1761\nloading model...\n\n==WARNING== clocks not \
         locked\n{text}==PROF== Disconnected from process 1761\n"
    );
    assert_eq!(
        read_profile("n.csv", &noisy),
        read_profile("n.csv", &text),
        "noise changed the totals"
    );
    // Windows line ends and a byte-order mark, as a spreadsheet saves it.
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert_eq!(read_profile("n.csv", &crlf), read_profile("n.csv", &text));
}

/// `n` with a comma every three digits, as ncu prints counts.
fn with_separators(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A kernel-replay table of `rows` (L2 read, L2 write, DRAM read, DRAM write cells) with the
/// DRAM columns in `byte_unit`.
fn table(byte_unit: &str, rows: &[[String; 4]]) -> String {
    let mut text = String::from(
        "\"ID\",\"Kernel Name\",\"lts__t_sectors_srcunit_tex_op_read.sum\",\
         \"lts__t_sectors_srcunit_tex_op_write.sum\",\"dram__bytes_read.sum\",\
         \"dram__bytes_write.sum\"\n",
    );
    text.push_str(&format!(
        "\"\",\"\",\"sector\",\"sector\",\"{byte_unit}\",\"{byte_unit}\"\n"
    ));
    for (i, r) in rows.iter().enumerate() {
        text.push_str(&format!(
            "\"{i}\",\"kernel<{i}, float>\",\"{}\",\"{}\",\"{}\",\"{}\"\n",
            r[0], r[1], r[2], r[3]
        ));
    }
    text
}

#[test]
fn thousands_separators_group_by_three() {
    assert_eq!(with_separators(0), "0");
    assert_eq!(with_separators(1_980_000), "1,980,000");
    assert_eq!(with_separators(12_345), "12,345");
    let rows = [[
        "1,980,000".to_string(),
        "12,345.5".to_string(),
        "2.5e3".to_string(),
        "7".to_string(),
    ]];
    let t = read_profile("t.csv", &table("Kbyte", &rows)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (
            t.l2_read_sectors,
            t.l2_write_sectors,
            t.dram_read_bytes,
            t.dram_write_bytes
        ),
        (1_980_000.0, 12_345.5, 2.5e6, 7e3)
    );
    // A comma that does not group thousands is not a separator: the cell is not a count.
    let bad = [[
        "1,98".to_string(),
        "0".to_string(),
        "0".to_string(),
        "0".to_string(),
    ]];
    let e = read_profile("t.csv", &table("byte", &bad));
    assert!(
        matches!(&e, Err(ProfileError::NotNumeric { value, .. }) if value == "1,98"),
        "{e:?}"
    );
}

/// The byte units ncu and people write, with their factor (decimal prefixes).
const BYTE_UNITS: [(&str, f64); 9] = [
    ("byte", 1.0),
    ("B", 1.0),
    ("Kbyte", 1e3),
    ("kbyte", 1e3),
    ("KB", 1e3),
    ("Mbyte", 1e6),
    ("MB", 1e6),
    ("Gbyte", 1e9),
    ("GB", 1e9),
];

fn assert_reads_sanely(file: &str, text: &str) {
    match read_profile(file, text) {
        Ok(t) => {
            for v in [
                t.l2_read_sectors,
                t.l2_write_sectors,
                t.dram_read_bytes,
                t.dram_write_bytes,
            ]
            .into_iter()
            .chain(t.l2_atomic_sectors)
            .chain(t.l2_reduction_sectors)
            .chain(t.duration_s)
            {
                assert!(v.is_finite() && v >= 0.0, "{v} in {t:?}");
            }
            assert!(t.kernels >= 1, "{t:?}");
        }
        Err(e) => {
            let m = e.to_string();
            assert!(m.starts_with(&format!("{file}: ")), "{m}");
        }
    }
}

/// One edit of a sample: where (a fraction of its length), what, and the text it brings in.
#[derive(Clone, Debug)]
enum Edit {
    Delete(f64, usize),
    Insert(f64, String),
    Replace(f64, char),
    DuplicateLine(f64),
    DropLine(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = 0.0..1.0f64;
    let csvish = "[\"=,.\\n0-9a-zA-Z_ /-]{0,12}";
    prop_oneof![
        (at.clone(), 1usize..40).prop_map(|(a, n)| Edit::Delete(a, n)),
        (at.clone(), csvish).prop_map(|(a, s)| Edit::Insert(a, s)),
        (at.clone(), any::<char>()).prop_map(|(a, c)| Edit::Replace(a, c)),
        at.clone().prop_map(Edit::DuplicateLine),
        at.prop_map(Edit::DropLine),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let index = |a: f64, len: usize| ((a * len as f64) as usize).min(len);
    for e in edits {
        match e {
            Edit::Delete(a, n) => {
                let i = index(*a, chars.len());
                let j = (i + n).min(chars.len());
                chars.drain(i..j);
            }
            Edit::Insert(a, s) => {
                let i = index(*a, chars.len());
                chars.splice(i..i, s.chars());
            }
            Edit::Replace(a, c) => {
                let i = index(*a, chars.len());
                if i < chars.len() {
                    chars[i] = *c;
                }
            }
            Edit::DuplicateLine(a) | Edit::DropLine(a) => {
                let s: String = chars.iter().collect();
                let mut lines: Vec<&str> = s.split('\n').collect();
                let i = index(*a, lines.len().saturating_sub(1));
                if matches!(e, Edit::DuplicateLine(_)) {
                    let line = lines[i];
                    lines.insert(i, line);
                } else {
                    lines.remove(i);
                }
                chars = lines.join("\n").chars().collect();
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        assert_reads_sanely("x.csv", &text);
    }

    #[test]
    fn csv_like_text_after_a_real_header_never_panics(
        header in 0usize..3,
        body in "[\"=,.\\n0-9a-zA-Z_/ -]{0,300}",
    ) {
        let first = sample(GOOD[header]);
        let head: String = first.lines().take(if header == 2 { 5 } else { 6 }).collect::<Vec<_>>().join("\n");
        assert_reads_sanely("x.csv", &format!("{head}\n{body}"));
    }

    #[test]
    fn mutated_samples_never_panic(which in 0usize..3, edits in prop::collection::vec(edit(), 1..6)) {
        let text = apply(&sample(GOOD[which]), &edits);
        assert_reads_sanely("m.csv", &text);
    }

    #[test]
    fn units_and_separators_give_the_same_totals(
        rows in prop::collection::vec((0u64..5_000_000_000, 0u64..5_000_000_000, 0u64..u64::from(u32::MAX), 0u64..u64::from(u32::MAX)), 1..6),
        unit in 0usize..BYTE_UNITS.len(),
    ) {
        let (name, factor) = BYTE_UNITS[unit];
        let cells: Vec<[String; 4]> = rows
            .iter()
            .map(|&(r, w, dr, dw)| {
                [
                    with_separators(r),
                    w.to_string(),
                    format!("{}", dr as f64 / factor),
                    format!("{}", dw as f64 / factor),
                ]
            })
            .collect();
        let t = read_profile("u.csv", &table(name, &cells)).unwrap_or_else(|e| panic!("{e}"));
        let sum = |f: fn(&(u64, u64, u64, u64)) -> u64| rows.iter().map(f).sum::<u64>() as f64;
        prop_assert_eq!(t.kernels, rows.len() as u64);
        prop_assert_eq!(t.l2_read_sectors, sum(|r| r.0));
        prop_assert_eq!(t.l2_write_sectors, sum(|r| r.1));
        prop_assert!(close(t.dram_read_bytes, sum(|r| r.2)), "{} vs {}", t.dram_read_bytes, sum(|r| r.2));
        prop_assert!(close(t.dram_write_bytes, sum(|r| r.3)), "{} vs {}", t.dram_write_bytes, sum(|r| r.3));
        prop_assert_eq!(t.skipped_cells, 0);
    }
}

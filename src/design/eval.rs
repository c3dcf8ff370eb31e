//! Energy, delay, EDP and EDAP of a workload's L2 traffic on one technology.
//!
//! - Array accesses: one workload request of `access_bytes` needs
//!   `ceil(8·access_bytes / access_bits)` accesses of the array (at least one), because the array
//!   delivers `access_bits` per access.
//! - Energy = reads·E_read + writes·E_write + P_leak·T_leak (+ the workload's DRAM energy, where it
//!   models DRAM and the [`EnergyScope`] includes it).
//! - T_leak, the time leakage is paid over ([`LeakagePeriod`]): the **run** (its execution time,
//!   the physical choice: the array leaks whether or not it is accessed), or the **summed access
//!   time** (the array modelled as serving one access after another and leaking only meanwhile,
//!   the cache-level accounting of DeepNVM-style studies).
//! - Delay has two common definitions and both are computed; the scenario names which one feeds EDP:
//!   the **summed access time** reads·t_read + writes·t_write (accesses served one after another, as
//!   DeepNVM reports it), or the **execution time** of the run.
//! - EDP = energy × delay; EDAP = EDP × area.
//!
//! The three choices together are an [`Accounting`]; every result names the one it used.

use serde::{Deserialize, Serialize};

use crate::design::technology::Technology;
use crate::gpu::workload::Workload;
use crate::units::{Area, Edap, Edp, Energy, Time};

/// The value `word` names in a word table (`WORDS` of the enums below).
fn from_words<T: Copy>(words: &[(&str, T)], word: &str) -> Option<T> {
    words.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// Which time is "the delay" in EDP and EDAP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DelayDefinition {
    /// reads·t_read + writes·t_write.
    AccessTime,
    /// The workload's execution time.
    ExecutionTime,
}

impl DelayDefinition {
    /// The words used in files, URLs and on the command line.
    pub const WORDS: [(&'static str, DelayDefinition); 2] = [
        ("access", DelayDefinition::AccessTime),
        ("execution", DelayDefinition::ExecutionTime),
    ];

    /// The word for files, URLs and the command line.
    pub fn word(self) -> &'static str {
        match self {
            DelayDefinition::AccessTime => "access",
            DelayDefinition::ExecutionTime => "execution",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            DelayDefinition::AccessTime => "summed L2 access time",
            DelayDefinition::ExecutionTime => "execution time",
        }
    }

    /// Parses a word (`access`, `execution`).
    pub fn from_word(word: &str) -> Option<Self> {
        from_words(&Self::WORDS, word)
    }
}

/// Which energies count in "the energy" of EDP and EDAP.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EnergyScope {
    /// The L2's dynamic and leakage energy only (a cache-level comparison: with the same traffic,
    /// DRAM energy is the same for every technology and only dilutes the ratios).
    L2,
    /// The L2's energy plus the DRAM energy of its misses (a system-level comparison: a larger L2
    /// saves DRAM traffic).
    #[default]
    L2Dram,
}

impl EnergyScope {
    /// The words used in URLs and on the command line.
    pub const WORDS: [(&'static str, EnergyScope); 2] =
        [("l2", EnergyScope::L2), ("l2_dram", EnergyScope::L2Dram)];

    /// The word for URLs and the command line.
    pub fn word(self) -> &'static str {
        match self {
            EnergyScope::L2 => "l2",
            EnergyScope::L2Dram => "l2_dram",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            EnergyScope::L2 => "L2 dynamic + leakage",
            EnergyScope::L2Dram => "L2 dynamic + leakage + DRAM",
        }
    }

    /// Parses a word (`l2`, `l2_dram`).
    pub fn from_word(word: &str) -> Option<Self> {
        from_words(&Self::WORDS, word)
    }
}

/// The time the L2's leakage power is paid over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeakagePeriod {
    /// The whole run (its execution time).
    #[default]
    Run,
    /// The summed access time reads·t_read + writes·t_write.
    Access,
}

impl LeakagePeriod {
    /// The words used in URLs and on the command line.
    pub const WORDS: [(&'static str, LeakagePeriod); 2] = [
        ("run", LeakagePeriod::Run),
        ("access", LeakagePeriod::Access),
    ];

    /// The word for URLs and the command line.
    pub fn word(self) -> &'static str {
        match self {
            LeakagePeriod::Run => "run",
            LeakagePeriod::Access => "access",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            LeakagePeriod::Run => "leakage over the run",
            LeakagePeriod::Access => "leakage over the summed access time",
        }
    }

    /// Parses a word (`run`, `access`).
    pub fn from_word(word: &str) -> Option<Self> {
        from_words(&Self::WORDS, word)
    }
}

/// How a run's energy and delay are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Accounting {
    /// Which time is the delay.
    pub delay: DelayDefinition,
    /// Which energies count.
    pub energy: EnergyScope,
    /// The time leakage is paid over.
    pub leakage: LeakagePeriod,
}

impl Default for Accounting {
    /// Summed access time as the delay, L2 + DRAM energy, leakage over the run.
    fn default() -> Self {
        Accounting {
            delay: DelayDefinition::AccessTime,
            energy: EnergyScope::default(),
            leakage: LeakagePeriod::default(),
        }
    }
}

impl From<DelayDefinition> for Accounting {
    /// This delay with the default energy scope and leakage period.
    fn from(delay: DelayDefinition) -> Self {
        Accounting {
            delay,
            ..Accounting::default()
        }
    }
}

impl Accounting {
    /// DeepNVM-style cache-level accounting: L2 energy only, leakage over the summed access time,
    /// delay = the summed access time (see [`crate::study::reproduce`]).
    pub const CACHE_LEVEL: Accounting = Accounting {
        delay: DelayDefinition::AccessTime,
        energy: EnergyScope::L2,
        leakage: LeakagePeriod::Access,
    };

    /// One line for people: "delay = …; energy = …, …".
    pub fn describe(&self) -> String {
        format!(
            "delay = {}; energy = {}, {}",
            self.delay.label(),
            self.energy.label(),
            self.leakage.label()
        )
    }
}

/// The result of running one workload on one technology.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// Accesses of the array caused by the workload's reads.
    pub array_reads: f64,
    /// Accesses of the array caused by the workload's writes.
    pub array_writes: f64,
    /// reads·E_read + writes·E_write.
    pub dynamic_energy: Energy,
    /// P_leak·T_leak (see [`LeakagePeriod`]).
    pub leakage_energy: Energy,
    /// The workload's DRAM access energy (zero where it does not model DRAM); reported whatever
    /// the [`EnergyScope`].
    pub dram_energy: Energy,
    /// Dynamic plus leakage energy, plus DRAM energy when the [`EnergyScope`] includes it.
    pub energy: Energy,
    /// reads·t_read + writes·t_write.
    pub access_time: Time,
    /// The workload's execution time.
    pub execution_time: Time,
    /// The delay chosen by the [`DelayDefinition`].
    pub delay: Time,
    /// energy × delay.
    pub edp: Edp,
    /// energy × delay × area.
    pub edap: Edap,
    /// Area of the technology's cache (repeated here so the record stands alone).
    pub area: Area,
}

/// Array accesses needed for one workload request.
pub fn accesses_per_request(technology: &Technology, workload: &Workload) -> f64 {
    let bits = u64::from(workload.access_bytes) * 8;
    bits.div_ceil(u64::from(technology.access_bits.max(1)))
        .max(1) as f64
}

/// Evaluates `workload` on `technology`, counted as `accounting` says (a bare
/// [`DelayDefinition`] means the default energy scope and leakage period).
pub fn evaluate(
    technology: &Technology,
    workload: &Workload,
    accounting: impl Into<Accounting>,
) -> Evaluation {
    let Accounting {
        delay,
        energy: scope,
        leakage: period,
    } = accounting.into();
    let m = &technology.metrics;
    let per_request = accesses_per_request(technology, workload);
    let array_reads = workload.reads * per_request;
    let array_writes = workload.writes * per_request;
    let dynamic_energy = m.read_energy * array_reads + m.write_energy * array_writes;
    let access_time = m.read_latency * array_reads + m.write_latency * array_writes;
    let execution_time = workload.execution_time;
    let leakage_energy = m.leakage
        * match period {
            LeakagePeriod::Run => execution_time,
            LeakagePeriod::Access => access_time,
        };
    let dram_energy = workload.dram_energy;
    let energy = match scope {
        EnergyScope::L2 => dynamic_energy + leakage_energy,
        EnergyScope::L2Dram => dynamic_energy + leakage_energy + dram_energy,
    };
    let chosen = match delay {
        DelayDefinition::AccessTime => access_time,
        DelayDefinition::ExecutionTime => execution_time,
    };
    let edp = energy * chosen;
    Evaluation {
        array_reads,
        array_writes,
        dynamic_energy,
        leakage_energy,
        dram_energy,
        energy,
        access_time,
        execution_time,
        delay: chosen,
        edp,
        edap: edp * m.area,
        area: m.area,
    }
}

/// How a report's energy and delay were counted, as exported: the words of an [`Accounting`].
/// The words are the record's only state, so a report read back from its JSON (the page's Web
/// Worker) describes its accounting exactly as the report it was written from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountingRecord {
    /// `access` or `execution` ([`crate::design::eval::DelayDefinition`]).
    pub delay_definition: String,
    /// `l2` or `l2_dram` ([`crate::design::eval::EnergyScope`]).
    pub energy_scope: String,
    /// `run` or `access` ([`crate::design::eval::LeakagePeriod`]).
    pub leakage_period: String,
}

impl From<Accounting> for AccountingRecord {
    fn from(accounting: Accounting) -> Self {
        AccountingRecord {
            delay_definition: accounting.delay.word().into(),
            energy_scope: accounting.energy.word().into(),
            leakage_period: accounting.leakage.word().into(),
        }
    }
}

impl AccountingRecord {
    /// The accounting the words name (`None` when one of them is not a known word).
    pub fn accounting(&self) -> Option<Accounting> {
        Some(Accounting {
            delay: DelayDefinition::from_word(&self.delay_definition)?,
            energy: EnergyScope::from_word(&self.energy_scope)?,
            leakage: LeakagePeriod::from_word(&self.leakage_period)?,
        })
    }

    /// "Delay = …; energy = …, leakage over …", for captions and table headers.
    pub fn text(&self) -> String {
        match self.accounting() {
            Some(a) => {
                let mut text = a.describe();
                text.replace_range(0..1, "D");
                text
            }
            None => format!(
                "Delay = {}; energy = {}; leakage over {}",
                self.delay_definition, self.energy_scope, self.leakage_period
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::metrics::{MemoryKind, Metrics};
    use crate::units::{Capacity, Power};

    pub(crate) fn tech(access_bits: u32) -> Technology {
        Technology {
            id: "t".into(),
            name: "T".into(),
            memory: MemoryKind::Sram,
            capacity: Capacity::from_kib(1024).unwrap(),
            node_nm: Some(22),
            access_bits,
            metrics: Metrics {
                area: Area::from_mm2(2.0),
                read_latency: Time::from_ns(1.0),
                write_latency: Time::from_ns(2.0),
                read_energy: Energy::from_pj(10.0),
                write_energy: Energy::from_pj(20.0),
                leakage: Power::from_mw(100.0),
            },
            source: "test".into(),
            notes: None,
        }
    }

    pub(crate) fn workload() -> Workload {
        Workload {
            id: "w".into(),
            name: "W".into(),
            reads: 1000.0,
            writes: 500.0,
            access_bytes: 32,
            execution_time: Time::from_us(10.0),
            dram_energy: Energy::from_j(0.0),
            source: "test".into(),
            derivation: "test".into(),
        }
    }

    #[test]
    fn energy_is_dynamic_plus_leakage() {
        let e = evaluate(&tech(256), &workload(), DelayDefinition::AccessTime);
        // 1000·10 pJ + 500·20 pJ = 20 nJ; 100 mW · 10 µs = 1 µJ.
        assert!((e.dynamic_energy.nj() - 20.0).abs() < 1e-9);
        assert!((e.leakage_energy.uj() - 1.0).abs() < 1e-9);
        assert!((e.energy.nj() - 1020.0).abs() < 1e-6);
        // 1000·1 ns + 500·2 ns = 2 µs.
        assert!((e.access_time.us() - 2.0).abs() < 1e-9);
        assert!((e.edp.js() - 1020e-9 * 2e-6).abs() < 1e-18);
        assert!((e.edap.js_mm2() - 1020e-9 * 2e-6 * 2.0).abs() < 1e-18);
    }

    #[test]
    fn dram_energy_adds_to_the_total() {
        let w = Workload {
            dram_energy: Energy::from_uj(3.0),
            ..workload()
        };
        let e = evaluate(&tech(256), &w, DelayDefinition::AccessTime);
        assert_eq!(e.dram_energy, Energy::from_uj(3.0));
        // 20 nJ dynamic + 1 µJ leakage + 3 µJ DRAM.
        assert!((e.energy.nj() - 4020.0).abs() < 1e-6);
    }

    #[test]
    fn energy_scope_and_leakage_period_count_as_named() {
        let w = Workload {
            dram_energy: Energy::from_uj(3.0),
            ..workload()
        };
        let l2 = Accounting {
            energy: EnergyScope::L2,
            ..Accounting::default()
        };
        let e = evaluate(&tech(256), &w, l2);
        // The DRAM energy is reported but not counted: 20 nJ + 1 µJ.
        assert_eq!(e.dram_energy, Energy::from_uj(3.0));
        assert!((e.energy.nj() - 1020.0).abs() < 1e-6);
        // Leakage over the summed access time (2 µs): 100 mW · 2 µs = 200 nJ.
        let e = evaluate(&tech(256), &w, Accounting::CACHE_LEVEL);
        assert!((e.leakage_energy.nj() - 200.0).abs() < 1e-6);
        assert!((e.energy.nj() - 220.0).abs() < 1e-6);
        assert!((e.edp.js() - 220e-9 * 2e-6).abs() < 1e-18);
        // A bare delay definition keeps the defaults (L2 + DRAM, leakage over the run).
        let d = evaluate(&tech(256), &w, DelayDefinition::AccessTime);
        assert_eq!(d, evaluate(&tech(256), &w, Accounting::default()));
        assert!((d.energy.nj() - 4020.0).abs() < 1e-6);
    }

    #[test]
    fn words_round_trip() {
        for (w, s) in EnergyScope::WORDS {
            assert_eq!(EnergyScope::from_word(w), Some(s));
            assert_eq!(s.word(), w);
        }
        for (w, p) in LeakagePeriod::WORDS {
            assert_eq!(LeakagePeriod::from_word(w), Some(p));
            assert_eq!(p.word(), w);
        }
        assert_eq!(EnergyScope::from_word("dram"), None);
        assert_eq!(LeakagePeriod::from_word(""), None);
    }

    #[test]
    fn delay_definition_selects_the_time() {
        let e = evaluate(&tech(256), &workload(), DelayDefinition::ExecutionTime);
        assert_eq!(e.delay, Time::from_us(10.0));
    }

    #[test]
    fn narrow_arrays_need_several_accesses_per_request() {
        // A 32-byte request on a 64-bit array is 4 accesses; on a 512-bit array it is 1.
        assert_eq!(accesses_per_request(&tech(64), &workload()), 4.0);
        assert_eq!(accesses_per_request(&tech(512), &workload()), 1.0);
        assert_eq!(accesses_per_request(&tech(100), &workload()), 3.0);
    }

    #[test]
    fn an_accounting_record_read_back_from_json_describes_its_own_accounting() {
        for (_, delay) in DelayDefinition::WORDS {
            for (_, energy) in EnergyScope::WORDS {
                for (_, leakage) in LeakagePeriod::WORDS {
                    let a = Accounting {
                        delay,
                        energy,
                        leakage,
                    };
                    let record = AccountingRecord::from(a);
                    let json = serde_json::to_string(&record).unwrap();
                    let back: AccountingRecord = serde_json::from_str(&json).unwrap();
                    assert_eq!(back.accounting(), Some(a));
                    assert_eq!(back.text(), record.text());
                    assert!(back.text().starts_with("Delay = "), "{}", back.text());
                }
            }
        }
    }
}

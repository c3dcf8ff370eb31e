//! A process node as read from a node file (`presets/nodes/<id>.toml`): its device roadmaps and
//! wire classes, every number with its source. [`parse_node`] collects every problem in the file
//! (unknown keys included) with its line, the field path, the value and what is accepted.

use std::collections::BTreeMap;

use super::device::{DeviceAt, DeviceParams, FinGeometry, OverTemperature, Overlap, PmosLeakage};
use super::wire::{Wire, WireClass, WireGeometry, WireModel};
use super::TechError;
use crate::input::{all_or_errors, parse_toml, FieldReader, PresetError, PresetErrors};
use crate::units::{Length, Voltage};

/// An ITRS device roadmap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Roadmap {
    /// High performance: low threshold, high on-current, high leakage.
    Hp,
    /// Low standby power: high threshold, lowest leakage.
    Lstp,
    /// Low operating power: low supply voltage, between the other two.
    Lop,
}

impl Roadmap {
    /// Every roadmap with its table name in a node file.
    pub const ALL: [(&'static str, Roadmap); 3] = [
        ("hp", Roadmap::Hp),
        ("lstp", Roadmap::Lstp),
        ("lop", Roadmap::Lop),
    ];

    /// The table name in a node file (`hp`).
    pub fn word(self) -> &'static str {
        match self {
            Roadmap::Hp => "hp",
            Roadmap::Lstp => "lstp",
            Roadmap::Lop => "lop",
        }
    }
}

/// The device roadmaps a node file gives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Roadmaps {
    /// High performance.
    pub hp: Option<DeviceParams>,
    /// Low standby power.
    pub lstp: Option<DeviceParams>,
    /// Low operating power.
    pub lop: Option<DeviceParams>,
}

impl Roadmaps {
    /// The parameters of one roadmap, if the node gives it.
    pub fn get(&self, roadmap: Roadmap) -> Option<&DeviceParams> {
        match roadmap {
            Roadmap::Hp => self.hp.as_ref(),
            Roadmap::Lstp => self.lstp.as_ref(),
            Roadmap::Lop => self.lop.as_ref(),
        }
    }

    /// Every roadmap the node gives, in the order HP, LSTP, LOP.
    pub fn iter(&self) -> impl Iterator<Item = (Roadmap, &DeviceParams)> {
        Roadmap::ALL
            .into_iter()
            .filter_map(|(_, r)| self.get(r).map(|p| (r, p)))
    }

    fn slot(&mut self, roadmap: Roadmap) -> &mut Option<DeviceParams> {
        match roadmap {
            Roadmap::Hp => &mut self.hp,
            Roadmap::Lstp => &mut self.lstp,
            Roadmap::Lop => &mut self.lop,
        }
    }
}

/// One process node: feature size, device roadmaps, wire classes.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Preset id, equal to the file name without `.toml`.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Feature size F (half pitch) of the node.
    pub feature_size: Length,
    /// Where the node's numbers come from, overall.
    pub source: String,
    /// What is missing or questionable.
    pub notes: Option<String>,
    /// Device roadmaps.
    pub roadmaps: Roadmaps,
    /// Wire classes the file gives.
    pub wires: BTreeMap<WireClass, Wire>,
}

/// Smallest transistor width of a planar device, in units of F (CACTI's `min_w_nmos_ = 3F/2`,
/// NVSim's `MIN_NMOS_SIZE = 1.5`).
const MIN_PLANAR_WIDTH_F: f64 = 1.5;
/// Drain diffusion length of an unfolded device, in units of F: one contact (1 F) plus a
/// contact-to-poly gap (0.75 F) on each side (CACTI and NVSim layout rules).
const DRAIN_LENGTH_F: f64 = 2.5;

impl Node {
    /// A length of `multiple` feature sizes (F-relative values convert only through a node).
    pub fn f_to_length(&self, multiple: f64) -> Length {
        self.feature_size * multiple
    }

    /// Drain diffusion length of an unfolded transistor: 2.5 F.
    pub fn drain_length(&self) -> Length {
        self.f_to_length(DRAIN_LENGTH_F)
    }

    /// The parameters of a roadmap, if the node gives it.
    pub fn device(&self, roadmap: Roadmap) -> Option<&DeviceParams> {
        self.roadmaps.get(roadmap)
    }

    /// A roadmap's devices at `temperature_k`.
    pub fn device_at(&self, roadmap: Roadmap, temperature_k: f64) -> Result<DeviceAt, TechError> {
        let params = self
            .device(roadmap)
            .ok_or_else(|| TechError::MissingRoadmap {
                node: self.id.clone(),
                roadmap: roadmap.word(),
                available: self
                    .roadmaps
                    .iter()
                    .map(|(r, _)| r.word())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        params.at_named(temperature_k, roadmap.word())
    }

    /// Smallest transistor width of a roadmap: one fin for a FinFET roadmap, 1.5 F otherwise.
    pub fn min_transistor_width(&self, roadmap: Roadmap) -> Option<Length> {
        let params = self.device(roadmap)?;
        Some(match &params.fins {
            Some(fins) => fins.w_eff_per_fin,
            None => self.f_to_length(MIN_PLANAR_WIDTH_F),
        })
    }

    /// A wire class, if the node gives it.
    pub fn wire(&self, class: WireClass) -> Option<&Wire> {
        self.wires.get(&class)
    }
}

/// Parses and validates one node file. `file` names it in messages (`nodes/cacti_22nm.toml`);
/// the `id` inside must equal the file name without `.toml`. Every problem is returned.
pub fn parse_node(file: &str, text: &str) -> Result<Node, PresetErrors> {
    let mut errors = Vec::new();
    let node = read_node(file, text, &mut errors);
    all_or_errors(node, errors)
}

fn read_node(file: &str, text: &str, errors: &mut Vec<PresetError>) -> Option<Node> {
    let table = parse_toml(file, text, errors)?;
    let mut r = FieldReader::new(file, text, table, errors);
    let id = r.file_id();
    let name = r.non_empty_string("name");
    let feature_size_nm = r.number_in("feature_size_nm", 1.0, 1000.0);
    let source = r.non_empty_string("source");
    let notes = r.opt_string("notes");

    if !Roadmap::ALL.iter().any(|(word, _)| r.has(word)) {
        r.error_text(
            "hp / lstp / lop",
            "",
            "no device roadmap; add at least one of the tables [hp], [lstp], [lop]",
        );
    }
    let mut roadmaps = Roadmaps::default();
    let mut roadmaps_ok = true;
    for (word, roadmap) in Roadmap::ALL {
        let present = r.has(word);
        let params = r.opt_table(word).and_then(read_device);
        roadmaps_ok &= params.is_some() || !present;
        *roadmaps.slot(roadmap) = params;
    }

    let mut wires = BTreeMap::new();
    let mut wires_ok = true;
    if let Some(mut w) = r.opt_table("wires") {
        for (name, class) in WireClass::ALL {
            let present = w.has(name);
            match w.opt_table(name).and_then(read_wire) {
                Some(wire) => {
                    wires.insert(class, wire);
                }
                None => wires_ok &= !present,
            }
        }
        w.finish();
    }
    r.finish();

    if !(roadmaps_ok && wires_ok) {
        return None;
    }
    Some(Node {
        id: id?,
        name: name?,
        feature_size: Length::from_nm(feature_size_nm?),
        source: source?,
        notes,
        roadmaps,
        wires,
    })
}

/// Reads one `[hp]` / `[lstp]` / `[lop]` table.
fn read_device(mut d: FieldReader<'_>) -> Option<DeviceParams> {
    let source = d.non_empty_string("source");
    let derivation = d.opt_string("derivation");
    let notes = d.opt_string("notes");
    let vdd = d.number_in("vdd_v", 0.1, 5.0);
    let vth = d.opt_number_in("vth_v", 0.0, 2.0);
    let l_phys = d.positive("l_phys_nm");
    let l_elec = d.opt_positive("l_elec_nm");
    let t_ox = d.opt_positive("t_ox_nm");
    let c_ox = d.opt_positive("c_ox_ff_per_um2");
    let c_ideal = d.positive("c_gate_ideal_ff_per_um");
    let c_fringe = d.non_negative("c_fringe_ff_per_um");
    let overlap = match one_of(&mut d, "c_overlap_ff_per_um", "c_overlap_to_ideal_ratio") {
        Some(Which::First) => d.non_negative("c_overlap_ff_per_um").map(Overlap::FfPerUm),
        Some(Which::Second) => d
            .number_in("c_overlap_to_ideal_ratio", 0.0, 2.0)
            .map(Overlap::RatioToIdeal),
        None => None,
    };
    let c_junction = d.non_negative("c_junction_ff_per_um2");
    let c_sidewall = d.non_negative("c_junction_sidewall_ff_per_um");
    let c_drain_to_channel = d.opt_non_negative("c_drain_to_channel_ff_per_um");
    let r_eff = d.positive("r_eff_multiplier");
    let pn = d.positive("pn_width_ratio");
    let mobility_n = d.opt_positive("mobility_n_cm2_per_vs");
    let mobility_p = d.opt_positive("mobility_p_cm2_per_vs");
    let v_dsat = d.opt_positive("v_dsat_v");
    let gm_ratio = d.opt_positive("gm_p_to_n_ratio");
    let long_channel = d.opt_number_in("long_channel_leakage_factor", 0.0, 1.0);
    let i_gate = d.opt_non_negative("i_gate_na_per_um");
    let fins = read_fins(&mut d);

    let temperatures = d.number_list_in("temperatures_k", 1.0, 1000.0);
    if let Some(ts) = &temperatures {
        if ts.windows(2).any(|w| w[1] <= w[0]) {
            d.error_text(
                "temperatures_k",
                &format!("[…{} entries]", ts.len()),
                "must be strictly increasing",
            );
        }
    }
    let n_temps = temperatures.as_ref().map(Vec::len);
    let i_on_n = over_temperature(&mut d, "i_on_n_ua_per_um", n_temps);
    let i_on_p = over_temperature(&mut d, "i_on_p_ua_per_um", n_temps);
    let i_off_n = d.positive_list("i_off_n_na_per_um");
    check_length(&mut d, "i_off_n_na_per_um", i_off_n.as_deref(), n_temps);
    let i_off_p = match one_of(&mut d, "i_off_p_na_per_um", "i_off_p_to_n_ratio") {
        Some(Which::First) => {
            let list = d.positive_list("i_off_p_na_per_um");
            check_length(&mut d, "i_off_p_na_per_um", list.as_deref(), n_temps);
            list.map(PmosLeakage::Table)
        }
        Some(Which::Second) => d
            .positive("i_off_p_to_n_ratio")
            .map(PmosLeakage::RatioToNmos),
        None => None,
    };
    d.finish();

    let temperatures = temperatures?;
    if temperatures.windows(2).any(|w| w[1] <= w[0])
        || !matches_length(&i_off_n, temperatures.len())
        || !over_temperature_fits(&i_on_n, temperatures.len())
        || !over_temperature_fits(&i_on_p, temperatures.len())
        || matches!(&i_off_p, Some(PmosLeakage::Table(t)) if t.len() != temperatures.len())
    {
        return None;
    }
    Some(DeviceParams {
        source: source?,
        derivation,
        notes,
        vdd: Voltage::from_v(vdd?),
        vth: vth.map(Voltage::from_v),
        l_phys: Length::from_nm(l_phys?),
        l_elec: l_elec.map(Length::from_nm),
        t_ox: t_ox.map(Length::from_nm),
        c_ox_ff_per_um2: c_ox,
        c_gate_ideal_ff_per_um: c_ideal?,
        c_fringe_ff_per_um: c_fringe?,
        overlap: overlap?,
        c_junction_ff_per_um2: c_junction?,
        c_junction_sidewall_ff_per_um: c_sidewall?,
        c_drain_to_channel_ff_per_um: c_drain_to_channel,
        r_eff_multiplier: r_eff?,
        pn_width_ratio: pn?,
        mobility_n_cm2_per_vs: mobility_n,
        mobility_p_cm2_per_vs: mobility_p,
        v_dsat: v_dsat.map(Voltage::from_v),
        gm_p_to_n_ratio: gm_ratio,
        long_channel_leakage_factor: long_channel,
        i_gate_na_per_um: i_gate,
        fins: fins?,
        temperatures_k: temperatures,
        i_on_n_ua_per_um: i_on_n?,
        i_on_p_ua_per_um: i_on_p?,
        i_off_n_na_per_um: i_off_n?,
        i_off_p: i_off_p?,
    })
}

/// Reads the fin geometry if any fin key is written: `Some(None)` for a planar roadmap,
/// `Some(Some(_))` for a complete FinFET description, `None` after an error.
fn read_fins(d: &mut FieldReader<'_>) -> Option<Option<FinGeometry>> {
    const KEYS: [&str; 5] = [
        "fin_height_nm",
        "fin_width_nm",
        "fin_pitch_nm",
        "w_eff_per_fin_nm",
        "max_fins",
    ];
    if !KEYS.iter().any(|k| d.has(k)) {
        for key in KEYS {
            // record the keys as accepted, so a misspelling lists them
            let _ = d.opt_positive(key);
        }
        return Some(None);
    }
    let height = d.positive("fin_height_nm");
    let width = d.positive("fin_width_nm");
    let pitch = d.positive("fin_pitch_nm");
    let w_eff = d.positive("w_eff_per_fin_nm");
    let max_fins = d.opt_integer("max_fins", 1, 1000);
    Some(Some(FinGeometry {
        fin_height: Length::from_nm(height?),
        fin_width: Length::from_nm(width?),
        fin_pitch: Length::from_nm(pitch?),
        w_eff_per_fin: Length::from_nm(w_eff?),
        max_fins: max_fins.map(|n| n as u32),
    }))
}

/// Reads one `[wires.<class>]` table.
fn read_wire(mut t: FieldReader<'_>) -> Option<Wire> {
    let source = t.non_empty_string("source");
    let derivation = t.opt_string("derivation");
    let pitch_nm = t.positive("pitch_nm");
    let model = if t.has("r_ohm_per_um") || t.has("c_ff_per_um") {
        let r = t.positive("r_ohm_per_um");
        let c = t.positive("c_ff_per_um");
        r.zip(c)
            .map(|(r_ohm_per_um, c_ff_per_um)| WireModel::Direct {
                r_ohm_per_um,
                c_ff_per_um,
            })
    } else {
        let aspect_ratio = t.positive("aspect_ratio");
        let resistivity = t.positive("resistivity_uohm_cm");
        let barrier = t.non_negative("barrier_nm");
        let dishing = t.opt_number_in("dishing_fraction", 0.0, 0.9);
        let scatter = t.opt_number_in("scatter_factor", 1.0, 10.0);
        let ild = t.positive("ild_thickness_um");
        let k_h = t.positive("dielectric_k_horizontal");
        let k_v = t.positive("dielectric_k_vertical");
        let miller = t.number_in("miller_factor", 0.0, 4.0);
        let fringe = t.non_negative("c_fringe_ff_per_um");
        let geometry = (|| {
            Some(WireGeometry {
                aspect_ratio: aspect_ratio?,
                resistivity_uohm_cm: resistivity?,
                barrier_nm: barrier?,
                dishing_fraction: dishing.unwrap_or(0.0),
                scatter_factor: scatter.unwrap_or(1.0),
                ild_thickness_um: ild?,
                dielectric_k_horizontal: k_h?,
                dielectric_k_vertical: k_v?,
                miller_factor: miller?,
                c_fringe_ff_per_um: fringe?,
            })
        })();
        match (geometry, pitch_nm) {
            (Some(g), Some(p)) => {
                if g.r_ohm_per_um(p * 1e-3, g.resistivity_uohm_cm).is_none() {
                    t.error_text(
                        "barrier_nm",
                        &g.barrier_nm.to_string(),
                        "the barrier and dishing leave no conducting cross section at this pitch \
                         and aspect ratio; check barrier_nm, dishing_fraction and pitch_nm",
                    );
                    None
                } else {
                    Some(WireModel::Geometry(g))
                }
            }
            _ => None,
        }
    };
    t.finish();
    Some(Wire {
        source: source?,
        derivation,
        pitch: Length::from_nm(pitch_nm?),
        model: model?,
    })
}

enum Which {
    First,
    Second,
}

/// Which of two alternative keys is written; records an error (and `None`) when both or neither
/// are.
fn one_of(d: &mut FieldReader<'_>, first: &'static str, second: &'static str) -> Option<Which> {
    match (d.has(first), d.has(second)) {
        (true, false) => Some(Which::First),
        (false, true) => Some(Which::Second),
        (true, true) => {
            let _ = d.opt_non_negative(first);
            let _ = d.opt_non_negative(second);
            d.error_text(
                second,
                "",
                &format!("give either {first} or {second}, not both"),
            );
            None
        }
        (false, false) => {
            let _ = d.opt_non_negative(first);
            let _ = d.opt_non_negative(second);
            d.error_text(
                &format!("{first} / {second}"),
                "",
                &format!("missing; add `{first} = …` or `{second} = …`"),
            );
            None
        }
    }
}

/// A current written as one number (the same at every temperature) or as a list with one entry
/// per temperature.
fn over_temperature(
    d: &mut FieldReader<'_>,
    key: &'static str,
    n_temps: Option<usize>,
) -> Option<OverTemperature> {
    if d.is_list(key) {
        let list = d.positive_list(key);
        check_length(d, key, list.as_deref(), n_temps);
        list.map(OverTemperature::Table)
    } else {
        d.positive(key).map(OverTemperature::Constant)
    }
}

fn check_length(d: &mut FieldReader<'_>, key: &str, list: Option<&[f64]>, n_temps: Option<usize>) {
    if let (Some(list), Some(n)) = (list, n_temps) {
        if list.len() != n {
            d.error_text(
                key,
                &format!("[…{} entries]", list.len()),
                &format!("must have one entry per temperatures_k entry ({n})"),
            );
        }
    }
}

fn matches_length(list: &Option<Vec<f64>>, n: usize) -> bool {
    list.as_ref().is_none_or(|l| l.len() == n)
}

fn over_temperature_fits(value: &Option<OverTemperature>, n: usize) -> bool {
    match value {
        Some(OverTemperature::Table(t)) => t.len() == n,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::tech::{Channel, Projection, WireLayer};

    const FILE: &str = "nodes/test_node.toml";

    const GOOD: &str = r#"
id = "test_node"
name = "Test node"
feature_size_nm = 22
source = "made up for a unit test"

[hp]
source = "made up"
vdd_v = 0.8
vth_v = 0.14
l_phys_nm = 9
c_gate_ideal_ff_per_um = 0.327
c_fringe_ff_per_um = 0.06
c_overlap_to_ideal_ratio = 0.2
c_junction_ff_per_um2 = 0
c_junction_sidewall_ff_per_um = 0.25
r_eff_multiplier = 1.45
pn_width_ratio = 2
temperatures_k = [300, 350, 400]
i_on_n_ua_per_um = 2626.4
i_on_p_ua_per_um = 1313.2
i_off_n_na_per_um = [121.6, 215.2, 4880]
i_off_p_to_n_ratio = 1

[lstp]
source = "made up"
vdd_v = 0.8
l_phys_nm = 14
c_gate_ideal_ff_per_um = 0.322
c_fringe_ff_per_um = 0.08
c_overlap_ff_per_um = 0.0644
c_junction_ff_per_um2 = 0
c_junction_sidewall_ff_per_um = 0.25
r_eff_multiplier = 1.99
pn_width_ratio = 2
temperatures_k = [300, 400]
i_on_n_ua_per_um = [727.6, 700]
i_on_p_ua_per_um = 363.8
i_off_n_na_per_um = [0.0243, 24.8]
i_off_p_na_per_um = [0.03, 30]

[wires.local_aggressive]
source = "made up"
pitch_nm = 55
aspect_ratio = 3.0
resistivity_uohm_cm = 1.8
barrier_nm = 0
ild_thickness_um = 0.15
dielectric_k_horizontal = 1.414
dielectric_k_vertical = 3.9
miller_factor = 1.5
c_fringe_ff_per_um = 0.115

[wires.semi_global_conservative]
source = "made up"
pitch_nm = 80
r_ohm_per_um = 18.67
c_ff_per_um = 0.24
"#;

    #[test]
    fn reads_a_complete_node() {
        let node = parse_node(FILE, GOOD).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(node.id, "test_node");
        assert!((node.feature_size.nm() - 22.0).abs() < 1e-12);
        assert!((node.drain_length().nm() - 55.0).abs() < 1e-9);
        let hp = node.device(Roadmap::Hp).unwrap();
        assert!((hp.c_overlap_ff_per_um() - 0.0654).abs() < 1e-12);
        assert!(node.device(Roadmap::Lop).is_none());
        let at = node.device_at(Roadmap::Lstp, 350.0).unwrap();
        assert!((at.i_on_n_ua_per_um - 713.8).abs() < 1e-9);
        assert!((at.i_off_p_na_per_um - 15.015).abs() < 1e-9);
        assert_eq!(node.roadmaps.iter().count(), 2);
        let e = node.device_at(Roadmap::Lop, 300.0).unwrap_err();
        assert!(
            e.to_string().contains("no lop roadmap; it gives: hp, lstp"),
            "{e}"
        );
        let e = node.device_at(Roadmap::Hp, 250.0).unwrap_err();
        assert!(e.to_string().contains("outside the hp table"), "{e}");
        assert_eq!(node.wires.len(), 2);
        let local = node
            .wire(WireClass::new(WireLayer::Local, Projection::Aggressive))
            .unwrap();
        assert!(matches!(local.model, WireModel::Geometry(_)));
        assert!(node
            .wire(WireClass::new(WireLayer::Global, Projection::Aggressive))
            .is_none());
        let min_w = node.min_transistor_width(Roadmap::Hp).unwrap();
        assert!((min_w.nm() - 33.0).abs() < 1e-9);
        let r = at.r_on(min_w, Channel::Nmos);
        assert!(r.ohm() > 0.0);
    }

    #[test]
    fn collects_every_problem_with_lines() {
        let bad = GOOD
            .replace("vdd_v = 0.8\nvth_v", "vdd_v = -0.8\nvth_v")
            .replace(
                "i_off_n_na_per_um = [121.6, 215.2, 4880]",
                "i_off_n_na_per_um = [121.6, -1, 4880]",
            )
            .replace(
                "i_off_n_na_per_um = [0.0243, 24.8]",
                "i_off_n_na_per_um = [0.0243]",
            )
            .replace("pitch_nm = 80\n", "pitch_nm = 80\ncolour = \"red\"\n")
            .replace("c_overlap_ff_per_um = 0.0644\n", "");
        let text = parse_node(FILE, &bad).unwrap_err().to_string();
        assert!(
            text.contains(
                "nodes/test_node.toml:9: hp.vdd_v = -0.8: must be a finite number from 0.1 to 5"
            ),
            "{text}"
        );
        assert!(
            text.contains("hp.i_off_n_na_per_um = -1: entry 2 must be a finite number > 0"),
            "{text}"
        );
        assert!(text.contains("lstp.i_off_n_na_per_um = […1 entries]: must have one entry per temperatures_k entry (2)"), "{text}");
        assert!(
            text.contains("wires.semi_global_conservative.colour = \"red\": unknown key"),
            "{text}"
        );
        assert!(
            text.contains("lstp.c_overlap_ff_per_um / c_overlap_to_ideal_ratio: missing"),
            "{text}"
        );
    }

    #[test]
    fn unknown_tables_keys_and_classes_are_errors() {
        let bad = GOOD.replace("[wires.local_aggressive]", "[wires.local_agressive]")
            + "\n[hq]\nsource = \"x\"\n";
        let text = parse_node(FILE, &bad).unwrap_err().to_string();
        assert!(
            text.contains("wires.local_agressive = {…}: unknown key"),
            "{text}"
        );
        assert!(text.contains("hq = {…}: unknown key"), "{text}");
        assert!(text.contains("accepted keys here:"), "{text}");
    }

    #[test]
    fn id_must_match_the_file_and_one_roadmap_is_needed() {
        let text = parse_node("nodes/other.toml", GOOD)
            .unwrap_err()
            .to_string();
        assert!(
            text.contains("must equal the file name without .toml (\"other\")"),
            "{text}"
        );
        let start = GOOD.find("[hp]").unwrap();
        let end = GOOD.find("[wires.local_aggressive]").unwrap();
        let no_devices = format!("{}{}", &GOOD[..start], &GOOD[end..]);
        let text = parse_node(FILE, &no_devices).unwrap_err().to_string();
        assert!(text.contains("no device roadmap"), "{text}");
    }

    #[test]
    fn temperatures_must_increase_and_alternatives_are_exclusive() {
        let bad = GOOD
            .replace(
                "temperatures_k = [300, 350, 400]",
                "temperatures_k = [300, 400, 350]",
            )
            .replace(
                "i_off_p_to_n_ratio = 1",
                "i_off_p_to_n_ratio = 1\ni_off_p_na_per_um = [1, 2, 3]",
            );
        let text = parse_node(FILE, &bad).unwrap_err().to_string();
        assert!(
            text.contains("hp.temperatures_k = […3 entries]: must be strictly increasing"),
            "{text}"
        );
        assert!(
            text.contains("give either i_off_p_na_per_um or i_off_p_to_n_ratio, not both"),
            "{text}"
        );
    }

    #[test]
    fn a_barrier_thicker_than_the_wire_is_refused() {
        let bad = GOOD.replace("barrier_nm = 0", "barrier_nm = 40");
        let text = parse_node(FILE, &bad).unwrap_err().to_string();
        assert!(text.contains("wires.local_aggressive.barrier_nm = 40: the barrier and dishing leave no conducting cross section"), "{text}");
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let text = parse_node(FILE, "id = \"test_node\"\nname = \n")
            .unwrap_err()
            .to_string();
        assert!(
            text.contains("nodes/test_node.toml:2: not valid TOML"),
            "{text}"
        );
    }
}

//! Interconnect: wire classes of a node, their resistance and capacitance per µm (from the cross
//! section, or given directly), copper's temperature coefficient, and the RC of a wire of some
//! length. The formulas are described in the [module documentation](super).

use serde::Serialize;

use super::TechError;
use crate::units::{Capacitance, Length, Resistance, Time};

/// Relative rise of copper's resistivity per kelvin (NVSim's copper constant; 0.39 %/K).
pub const COPPER_TCR_PER_K: f64 = 0.0039;
/// Temperature at which the resistivities in the node files apply (20 °C, as NVSim states for
/// its 2.2 µΩ·cm copper value).
pub const RESISTIVITY_REFERENCE_K: f64 = 293.0;
/// Permittivity of free space in fF/µm.
const EPSILON_0_FF_PER_UM: f64 = 8.854e-3;

/// The metal layer group a wire class is routed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WireLayer {
    /// Lowest levels, inside subarrays (word and bit lines).
    Local,
    /// Intermediate levels, inside mats and banks.
    SemiGlobal,
    /// Top levels, across the bank (H-tree).
    Global,
}

/// Which ITRS interconnect projection a wire class follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Projection {
    /// Optimistic: low-k dielectric, thin or no barrier, bulk resistivity.
    Aggressive,
    /// Pessimistic: barrier, dishing, scattering, higher k.
    Conservative,
}

/// A wire class: layer group × projection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct WireClass {
    /// Layer group.
    pub layer: WireLayer,
    /// Projection.
    pub projection: Projection,
}

impl WireClass {
    /// Every class with the table name it has in a node file (`[wires.local_aggressive]`).
    pub const ALL: [(&'static str, WireClass); 6] = [
        (
            "local_aggressive",
            WireClass::new(WireLayer::Local, Projection::Aggressive),
        ),
        (
            "local_conservative",
            WireClass::new(WireLayer::Local, Projection::Conservative),
        ),
        (
            "semi_global_aggressive",
            WireClass::new(WireLayer::SemiGlobal, Projection::Aggressive),
        ),
        (
            "semi_global_conservative",
            WireClass::new(WireLayer::SemiGlobal, Projection::Conservative),
        ),
        (
            "global_aggressive",
            WireClass::new(WireLayer::Global, Projection::Aggressive),
        ),
        (
            "global_conservative",
            WireClass::new(WireLayer::Global, Projection::Conservative),
        ),
    ];

    /// The class of this layer group and projection.
    pub const fn new(layer: WireLayer, projection: Projection) -> Self {
        Self { layer, projection }
    }

    /// The table name of this class in a node file.
    pub fn name(self) -> &'static str {
        WireClass::ALL
            .iter()
            .find(|(_, c)| *c == self)
            .map(|(n, _)| *n)
            .unwrap_or("wire")
    }
}

/// A wire's cross section and dielectric stack, from which R and C per µm follow.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct WireGeometry {
    /// Thickness over width.
    pub aspect_ratio: f64,
    /// Resistivity of the conductor at [`RESISTIVITY_REFERENCE_K`].
    pub resistivity_uohm_cm: f64,
    /// Barrier (liner) thickness on the bottom and both sides.
    pub barrier_nm: f64,
    /// Fraction of the thickness lost to CMP dishing.
    pub dishing_fraction: f64,
    /// Surface/grain-boundary scattering factor on the resistance (1 = none).
    pub scatter_factor: f64,
    /// Inter-layer dielectric thickness to the layers above and below.
    pub ild_thickness_um: f64,
    /// Relative permittivity between neighbouring wires.
    pub dielectric_k_horizontal: f64,
    /// Relative permittivity to the layers above and below.
    pub dielectric_k_vertical: f64,
    /// Miller factor on the sidewall capacitance (switching neighbours).
    pub miller_factor: f64,
    /// Fixed fringe capacitance per µm.
    pub c_fringe_ff_per_um: f64,
}

/// How a wire class's R and C per µm are known.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WireModel {
    /// Computed from the cross section.
    Geometry(WireGeometry),
    /// Given directly by the source (extracted or measured); not scaled with temperature.
    Direct {
        /// Resistance per µm.
        r_ohm_per_um: f64,
        /// Capacitance per µm.
        c_ff_per_um: f64,
    },
}

/// One wire class of a node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Wire {
    /// Where the numbers come from.
    pub source: String,
    /// How inferred values were derived, if any.
    pub derivation: Option<String>,
    /// Centre-to-centre pitch; the wire is half of it wide.
    pub pitch: Length,
    /// How R and C are known.
    pub model: WireModel,
}

/// Copper resistivity at `temperature_k` from its value at [`RESISTIVITY_REFERENCE_K`]:
/// `ρ(T) = ρ_293·(1 + 0.0039·(T − 293 K))`.
pub fn copper_resistivity_uohm_cm(rho_reference_uohm_cm: f64, temperature_k: f64) -> f64 {
    rho_reference_uohm_cm * (1.0 + COPPER_TCR_PER_K * (temperature_k - RESISTIVITY_REFERENCE_K))
}

impl WireGeometry {
    /// Resistance per µm of a wire of this cross section at `pitch_um`, with resistivity
    /// `rho_uohm_cm`: `α_s·ρ / ((t − b − t_dish)·(w − 2b))`. `None` when the barrier and dishing
    /// leave no conductor.
    pub fn r_ohm_per_um(&self, pitch_um: f64, rho_uohm_cm: f64) -> Option<f64> {
        let width = pitch_um / 2.0;
        let thickness = self.aspect_ratio * width;
        let barrier = self.barrier_nm * 1e-3;
        let height = thickness - barrier - self.dishing_fraction * thickness;
        let conducting_width = width - 2.0 * barrier;
        if height <= 0.0 || conducting_width <= 0.0 {
            return None;
        }
        // 1 µΩ·cm = 1e-2 Ω·µm
        Some(self.scatter_factor * rho_uohm_cm * 1e-2 / (height * conducting_width))
    }

    /// Capacitance per µm at `pitch_um`:
    /// `2·ε₀·k_v·w/h_ILD + 2·ε₀·M·k_h·t/s + C_fringe`.
    pub fn c_ff_per_um(&self, pitch_um: f64) -> f64 {
        let width = pitch_um / 2.0;
        let spacing = pitch_um - width;
        let thickness = self.aspect_ratio * width;
        let plates =
            2.0 * EPSILON_0_FF_PER_UM * self.dielectric_k_vertical * width / self.ild_thickness_um;
        let sidewalls = 2.0
            * EPSILON_0_FF_PER_UM
            * self.miller_factor
            * self.dielectric_k_horizontal
            * thickness
            / spacing;
        plates + sidewalls + self.c_fringe_ff_per_um
    }
}

impl Wire {
    /// Drawn width (half the pitch).
    pub fn width(&self) -> Length {
        self.pitch * 0.5
    }

    /// Resistance of 1 µm of this wire at `temperature_k` (geometry classes scale copper's
    /// resistivity with temperature; direct classes are taken as given).
    pub fn r_per_um(&self, temperature_k: f64) -> Result<Resistance, TechError> {
        if !temperature_k.is_finite() || temperature_k <= 0.0 {
            return Err(TechError::InvalidTemperature { temperature_k });
        }
        let ohm = match &self.model {
            WireModel::Direct { r_ohm_per_um, .. } => *r_ohm_per_um,
            WireModel::Geometry(g) => {
                let rho = copper_resistivity_uohm_cm(g.resistivity_uohm_cm, temperature_k);
                // validated on load: the conductor cross section is positive
                g.r_ohm_per_um(self.pitch.um(), rho)
                    .unwrap_or(f64::INFINITY)
            }
        };
        Ok(Resistance::from_ohm(ohm))
    }

    /// Capacitance of 1 µm of this wire.
    pub fn c_per_um(&self) -> Capacitance {
        match &self.model {
            WireModel::Direct { c_ff_per_um, .. } => Capacitance::from_ff(*c_ff_per_um),
            WireModel::Geometry(g) => Capacitance::from_ff(g.c_ff_per_um(self.pitch.um())),
        }
    }

    /// Resistance of `length` of this wire at `temperature_k`.
    pub fn resistance(&self, length: Length, temperature_k: f64) -> Result<Resistance, TechError> {
        Ok(self.r_per_um(temperature_k)? * length.um())
    }

    /// Capacitance of `length` of this wire.
    pub fn capacitance(&self, length: Length) -> Capacitance {
        self.c_per_um() * length.um()
    }

    /// Elmore time constant `R·C/2` of an unrepeated wire of `length` (distributed RC line):
    /// grows with the square of the length.
    pub fn elmore_delay(&self, length: Length, temperature_k: f64) -> Result<Time, TechError> {
        Ok(self.resistance(length, temperature_k)? * self.capacitance(length) * 0.5)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    /// CACTI's 16 nm aggressive local wire: pitch 2.5 F = 40 nm, AR 3, bulk copper 1.8 µΩ·cm,
    /// no barrier, ILD 0.108 µm, k_h 1.202, k_v 3.9, Miller 1.5, fringe 0.115 fF/µm.
    fn local_16nm() -> Wire {
        Wire {
            source: "test".into(),
            derivation: None,
            pitch: Length::from_nm(40.0),
            model: WireModel::Geometry(WireGeometry {
                aspect_ratio: 3.0,
                resistivity_uohm_cm: 1.8,
                barrier_nm: 0.0,
                dishing_fraction: 0.0,
                scatter_factor: 1.0,
                ild_thickness_um: 0.108,
                dielectric_k_horizontal: 1.202,
                dielectric_k_vertical: 3.9,
                miller_factor: 1.5,
                c_fringe_ff_per_um: 0.115,
            }),
        }
    }

    #[test]
    fn geometry_gives_hand_computed_r_and_c() {
        let w = local_16nm();
        // w = 20 nm, t = 60 nm: R = 0.018 Ω·µm / (0.06 µm × 0.02 µm) = 15 Ω/µm at 293 K
        let r = w.r_per_um(RESISTIVITY_REFERENCE_K).unwrap();
        assert!(close(r.ohm(), 15.0, 1e-12), "{}", r.ohm());
        // plates 2·8.854e-3·3.9·0.02/0.108 = 0.0127891; sidewalls 2·8.854e-3·1.5·1.202·0.06/0.02
        // = 0.0957826; + 0.115 → 0.2235717 fF/µm (device-data.md: 0.224)
        let c = w.c_per_um();
        assert!(close(c.ff(), 0.2235717, 1e-6), "{}", c.ff());
    }

    #[test]
    fn barrier_dishing_and_scattering_raise_resistance() {
        let g = WireGeometry {
            aspect_ratio: 2.2,
            resistivity_uohm_cm: 2.2,
            barrier_nm: 2.0,
            dishing_fraction: 0.1,
            scatter_factor: 1.05,
            ild_thickness_um: 0.198,
            dielectric_k_horizontal: 1.998,
            dielectric_k_vertical: 3.9,
            miller_factor: 1.5,
            c_fringe_ff_per_um: 0.115,
        };
        // pitch 128 nm: w = 64 nm, t = 140.8 nm, height 140.8 − 2 − 14.08 = 124.72 nm,
        // width 64 − 4 = 60 nm: R = 1.05 · 0.022 / (0.12472 · 0.060) = 3.0869 Ω/µm
        let r = g.r_ohm_per_um(0.128, 2.2).unwrap();
        assert!(close(r, 1.05 * 0.022 / (0.12472 * 0.060), 1e-9), "{r}");
        let bare = WireGeometry {
            barrier_nm: 0.0,
            dishing_fraction: 0.0,
            scatter_factor: 1.0,
            ..g
        };
        assert!(bare.r_ohm_per_um(0.128, 2.2).unwrap() < r);
        let impossible = WireGeometry {
            barrier_nm: 40.0,
            ..g
        };
        assert_eq!(impossible.r_ohm_per_um(0.128, 2.2), None);
    }

    #[test]
    fn copper_resistivity_rises_039_percent_per_kelvin() {
        assert_eq!(copper_resistivity_uohm_cm(2.2, 293.0), 2.2);
        // 350 K: 2.2 · (1 + 0.0039 · 57) = 2.68906
        assert!(close(
            copper_resistivity_uohm_cm(2.2, 350.0),
            2.68906,
            1e-12
        ));
        let w = local_16nm();
        let r300 = w.r_per_um(300.0).unwrap().ohm();
        let r350 = w.r_per_um(350.0).unwrap().ohm();
        assert!(close(
            r350 / r300,
            (1.0 + 0.0039 * 57.0) / (1.0 + 0.0039 * 7.0),
            1e-12
        ));
        assert!(w.r_per_um(0.0).is_err());
    }

    #[test]
    fn direct_classes_are_taken_as_given() {
        let w = Wire {
            source: "test".into(),
            derivation: None,
            pitch: Length::from_nm(64.0),
            model: WireModel::Direct {
                r_ohm_per_um: 31.61,
                c_ff_per_um: 0.22,
            },
        };
        assert_eq!(w.r_per_um(300.0).unwrap().ohm(), 31.61);
        assert_eq!(w.r_per_um(380.0).unwrap().ohm(), 31.61);
        assert!(close(w.c_per_um().ff(), 0.22, 1e-12));
        assert!(close(w.width().nm(), 32.0, 1e-12));
    }

    #[test]
    fn wire_rc_grows_with_length() {
        let w = local_16nm();
        let mut last = 0.0;
        for um in [1.0, 10.0, 100.0, 1000.0] {
            let d = w.elmore_delay(Length::from_um(um), 350.0).unwrap().s();
            assert!(d > last, "{um} µm: {d} s not above {last}");
            last = d;
        }
        // distributed RC: R·C/2, quadratic in length
        let d1 = w.elmore_delay(Length::from_um(100.0), 293.0).unwrap();
        let d2 = w.elmore_delay(Length::from_um(200.0), 293.0).unwrap();
        assert!(close(d2 / d1, 4.0, 1e-12));
        // 100 µm: R = 1500 Ω, C = 22.35717 fF → R·C/2 = 16.7679 ps
        assert!(close(d1.ps(), 16.76788, 1e-6), "{}", d1.ps());
        assert!(close(
            w.resistance(Length::from_um(100.0), 293.0).unwrap().ohm(),
            1500.0,
            1e-12
        ));
        assert!(close(
            w.capacitance(Length::from_um(100.0)).ff(),
            22.35717,
            1e-6
        ));
    }

    #[test]
    fn class_names_round_trip() {
        for (name, class) in WireClass::ALL {
            assert_eq!(class.name(), name);
        }
    }
}

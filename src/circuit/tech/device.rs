//! Transistor parameters of one device roadmap of one node, and the device primitives: gate and
//! drain capacitance, on-resistance, leakage and the Horowitz delay. The formulas are described in
//! the [module documentation](super).

use serde::Serialize;

use super::TechError;
use crate::units::{Capacitance, Current, Length, Power, Resistance, Time, Voltage};

/// NMOS or PMOS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// n-channel device.
    Nmos,
    /// p-channel device.
    Pmos,
}

/// A static CMOS gate whose leakage is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateKind {
    /// One NMOS, one PMOS.
    Inverter,
    /// NAND with this many inputs (series NMOS, parallel PMOS).
    Nand(u8),
    /// NOR with this many inputs (parallel NMOS, series PMOS).
    Nor(u8),
}

/// Average leakage reduction of a 2-input NAND's series NMOS stack over all input states (NVSim).
const STACK_FACTOR_NAND2: f64 = 0.48;
/// Same for a 3-input NAND.
const STACK_FACTOR_NAND3: f64 = 0.31;
/// Average leakage reduction of a 2-input NOR over all input states (NVSim).
const STACK_FACTOR_NOR2: f64 = 0.95;
/// Same for a 3-input NOR.
const STACK_FACTOR_NOR3: f64 = 0.62;

/// The normalised switching threshold `v_s` of the Horowitz delay model.
pub const HOROWITZ_SWITCHING_POINT: f64 = 0.5;

/// A quantity tabulated over temperature: one value for every temperature, or one per table entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum OverTemperature {
    /// The same value at every temperature of the table.
    Constant(f64),
    /// One value per entry of the roadmap's `temperatures_k`.
    Table(Vec<f64>),
}

impl OverTemperature {
    /// The value at `t`, interpolated linearly between the two bracketing entries of
    /// `temperatures_k` (which the caller has checked to contain `t`).
    fn at(&self, temperatures_k: &[f64], t: f64) -> f64 {
        match self {
            OverTemperature::Constant(x) => *x,
            OverTemperature::Table(values) => interpolate(temperatures_k, values, t),
        }
    }
}

/// Linear interpolation in a table with strictly increasing `xs`; `x` must lie within the table.
fn interpolate(xs: &[f64], ys: &[f64], x: f64) -> f64 {
    let upper = xs.iter().position(|&xi| xi >= x).unwrap_or(xs.len() - 1);
    if upper == 0 || xs[upper] == x {
        return ys[upper];
    }
    let (x0, x1) = (xs[upper - 1], xs[upper]);
    let (y0, y1) = (ys[upper - 1], ys[upper]);
    y0 + (y1 - y0) * (x - x0) / (x1 - x0)
}

/// Leakage of the PMOS device: its own table, or the NMOS table times a stated ratio.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PmosLeakage {
    /// `i_off_p_na_per_um`: one value per temperature.
    Table(Vec<f64>),
    /// `i_off_p_to_n_ratio`: `I_off,p = ratio · I_off,n` (CACTI uses 1).
    RatioToNmos(f64),
}

/// The overlap capacitance: a value, or a fraction of the ideal gate capacitance.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Overlap {
    /// `c_overlap_ff_per_um`.
    FfPerUm(f64),
    /// `c_overlap_to_ideal_ratio` (CACTI and NVSim use 0.2).
    RatioToIdeal(f64),
}

/// Fin geometry of a FinFET roadmap (absent for planar devices).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct FinGeometry {
    /// Fin height.
    pub fin_height: Length,
    /// Fin width (thickness).
    pub fin_width: Length,
    /// Fin pitch.
    pub fin_pitch: Length,
    /// Effective channel width of one fin (2·height + width); widths of a FinFET come in
    /// multiples of this.
    pub w_eff_per_fin: Length,
    /// Most fins per device the source allows, when it states one.
    pub max_fins: Option<u32>,
}

/// Transistor parameters of one roadmap (HP, LSTP or LOP) of one node, as read from a node file.
/// Per-µm values keep their unit in the field name; call [`DeviceParams::at`] for a temperature.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeviceParams {
    /// Where the numbers come from.
    pub source: String,
    /// How inferred values were derived (marked "(inf)" with the arithmetic), if any.
    pub derivation: Option<String>,
    /// What is missing or questionable in the source.
    pub notes: Option<String>,
    /// Nominal supply voltage.
    pub vdd: Voltage,
    /// Threshold voltage, when the source gives a meaningful one.
    pub vth: Option<Voltage>,
    /// Physical gate length.
    pub l_phys: Length,
    /// Electrical (effective) gate length, when given.
    pub l_elec: Option<Length>,
    /// Gate-oxide thickness (physical or equivalent, as the source states), when given.
    pub t_ox: Option<Length>,
    /// Gate-oxide capacitance per µm², when given.
    pub c_ox_ff_per_um2: Option<f64>,
    /// Intrinsic gate capacitance per µm of width.
    pub c_gate_ideal_ff_per_um: f64,
    /// Fringe capacitance per gate edge per µm of width (counted three times in `C_g`).
    pub c_fringe_ff_per_um: f64,
    pub(crate) overlap: Overlap,
    /// Bottom junction capacitance of the drain diffusion per µm².
    pub c_junction_ff_per_um2: f64,
    /// Junction sidewall capacitance per µm of diffusion perimeter.
    pub c_junction_sidewall_ff_per_um: f64,
    /// Drain-to-channel (gate-edge) capacitance per µm of width; `None` means CACTI's rule
    /// `C_fringe + C_overlap`.
    pub c_drain_to_channel_ff_per_um: Option<f64>,
    /// Effective-resistance multiplier `k` in `R_on = k·V_dd/(I_on·W)`.
    pub r_eff_multiplier: f64,
    /// PMOS-to-NMOS width ratio for equal drive (CACTI's `n_to_p_eff_curr_drv_ratio`, NVSim's
    /// `pnSizeRatio`).
    pub pn_width_ratio: f64,
    /// Electron effective mobility, when given.
    pub mobility_n_cm2_per_vs: Option<f64>,
    /// Hole effective mobility, when given.
    pub mobility_p_cm2_per_vs: Option<f64>,
    /// Saturation voltage used for sense-amplifier transconductance (CACTI), when given.
    pub v_dsat: Option<Voltage>,
    /// PMOS-to-NMOS transconductance ratio (CACTI), when given.
    pub gm_p_to_n_ratio: Option<f64>,
    /// Leakage of a long-channel device relative to a minimum-length one (CACTI), when given.
    pub long_channel_leakage_factor: Option<f64>,
    /// Gate-tunnelling current of an on device per µm, when given.
    pub i_gate_na_per_um: Option<f64>,
    /// Fin geometry of a FinFET roadmap.
    pub fins: Option<FinGeometry>,
    /// The temperatures of the current tables, strictly increasing.
    pub temperatures_k: Vec<f64>,
    pub(crate) i_on_n_ua_per_um: OverTemperature,
    pub(crate) i_on_p_ua_per_um: OverTemperature,
    pub(crate) i_off_n_na_per_um: Vec<f64>,
    pub(crate) i_off_p: PmosLeakage,
}

impl DeviceParams {
    /// Lowest and highest temperature of the current tables.
    pub fn temperature_range_k(&self) -> (f64, f64) {
        let first = self.temperatures_k.first().copied().unwrap_or(f64::NAN);
        let last = self.temperatures_k.last().copied().unwrap_or(f64::NAN);
        (first, last)
    }

    /// Overlap capacitance per µm of width.
    pub fn c_overlap_ff_per_um(&self) -> f64 {
        match self.overlap {
            Overlap::FfPerUm(c) => c,
            Overlap::RatioToIdeal(r) => r * self.c_gate_ideal_ff_per_um,
        }
    }

    /// The device at `temperature_k` (interpolating the current tables), or an error when the
    /// temperature lies outside the tables. `roadmap` names the table in the error.
    pub fn at_named(
        &self,
        temperature_k: f64,
        roadmap: &'static str,
    ) -> Result<DeviceAt, TechError> {
        if !temperature_k.is_finite() || temperature_k <= 0.0 {
            return Err(TechError::InvalidTemperature { temperature_k });
        }
        let (min_k, max_k) = self.temperature_range_k();
        if !(min_k..=max_k).contains(&temperature_k) {
            return Err(TechError::TemperatureOutOfRange {
                temperature_k,
                roadmap,
                min_k,
                max_k,
            });
        }
        let ts = &self.temperatures_k;
        let i_off_n = interpolate(ts, &self.i_off_n_na_per_um, temperature_k);
        let i_off_p = match &self.i_off_p {
            PmosLeakage::Table(values) => interpolate(ts, values, temperature_k),
            PmosLeakage::RatioToNmos(r) => r * i_off_n,
        };
        Ok(DeviceAt {
            temperature_k,
            vdd: self.vdd,
            c_gate_ff_per_um: self.c_gate_ideal_ff_per_um
                + self.c_overlap_ff_per_um()
                + 3.0 * self.c_fringe_ff_per_um,
            c_junction_ff_per_um2: self.c_junction_ff_per_um2,
            c_junction_sidewall_ff_per_um: self.c_junction_sidewall_ff_per_um,
            c_drain_edge_ff_per_um: self
                .c_drain_to_channel_ff_per_um
                .unwrap_or(self.c_fringe_ff_per_um + self.c_overlap_ff_per_um()),
            r_eff_multiplier: self.r_eff_multiplier,
            pn_width_ratio: self.pn_width_ratio,
            i_on_n_ua_per_um: self.i_on_n_ua_per_um.at(ts, temperature_k),
            i_on_p_ua_per_um: self.i_on_p_ua_per_um.at(ts, temperature_k),
            i_off_n_na_per_um: i_off_n,
            i_off_p_na_per_um: i_off_p,
        })
    }

    /// The device at `temperature_k`; see [`DeviceParams::at_named`].
    pub fn at(&self, temperature_k: f64) -> Result<DeviceAt, TechError> {
        self.at_named(temperature_k, "device")
    }
}

/// One roadmap's devices at one temperature: what the circuit primitives need, with the current
/// tables already interpolated.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct DeviceAt {
    /// The temperature this was evaluated at.
    pub temperature_k: f64,
    /// Supply voltage.
    pub vdd: Voltage,
    /// `C_ideal + C_overlap + 3·C_fringe` per µm of width.
    pub c_gate_ff_per_um: f64,
    /// Bottom junction capacitance per µm².
    pub c_junction_ff_per_um2: f64,
    /// Junction sidewall capacitance per µm of perimeter.
    pub c_junction_sidewall_ff_per_um: f64,
    /// Gate-edge part of the drain capacitance per µm of width.
    pub c_drain_edge_ff_per_um: f64,
    /// Effective-resistance multiplier.
    pub r_eff_multiplier: f64,
    /// PMOS-to-NMOS width ratio for equal drive.
    pub pn_width_ratio: f64,
    /// NMOS on-current per µm.
    pub i_on_n_ua_per_um: f64,
    /// PMOS on-current per µm.
    pub i_on_p_ua_per_um: f64,
    /// NMOS off-current per µm.
    pub i_off_n_na_per_um: f64,
    /// PMOS off-current per µm.
    pub i_off_p_na_per_um: f64,
}

impl DeviceAt {
    /// Input (gate) capacitance of one transistor of width `width`:
    /// `(C_ideal + C_overlap + 3·C_fringe)·W`.
    pub fn gate_cap(&self, width: Length) -> Capacitance {
        Capacitance::from_ff(self.c_gate_ff_per_um * width.um())
    }

    /// Drain capacitance of one unfolded transistor of width `width` whose drain diffusion is
    /// `drain_length` long: `C_j·W·L_d + C_sw·(W + 2·L_d) + C_edge·W`.
    pub fn drain_cap(&self, width: Length, drain_length: Length) -> Capacitance {
        let (w, l) = (width.um(), drain_length.um());
        Capacitance::from_ff(
            self.c_junction_ff_per_um2 * w * l
                + self.c_junction_sidewall_ff_per_um * (w + 2.0 * l)
                + self.c_drain_edge_ff_per_um * w,
        )
    }

    /// On-current of a device of width `width`.
    pub fn on_current(&self, width: Length, channel: Channel) -> Current {
        let per_um = match channel {
            Channel::Nmos => self.i_on_n_ua_per_um,
            Channel::Pmos => self.i_on_p_ua_per_um,
        };
        Current::from_ua(per_um * width.um())
    }

    /// Off-current of a device of width `width`.
    pub fn off_current(&self, width: Length, channel: Channel) -> Current {
        let per_um = match channel {
            Channel::Nmos => self.i_off_n_na_per_um,
            Channel::Pmos => self.i_off_p_na_per_um,
        };
        Current::from_na(per_um * width.um())
    }

    /// Effective on-resistance `k·V_dd/(I_on·W)` of a device of width `width`.
    pub fn r_on(&self, width: Length, channel: Channel) -> Resistance {
        self.vdd * self.r_eff_multiplier / self.on_current(width, channel)
    }

    /// Sub-threshold leakage current of a gate whose NMOS devices are `width_n` and PMOS devices
    /// `width_p` wide (each device of the gate, not the sum).
    pub fn leakage_current(
        &self,
        gate: GateKind,
        width_n: Length,
        width_p: Length,
    ) -> Result<Current, TechError> {
        let n = self.off_current(width_n, Channel::Nmos);
        let p = self.off_current(width_p, Channel::Pmos);
        match gate {
            GateKind::Inverter => Ok(n.max(p)),
            GateKind::Nand(inputs) => {
                let factor = match inputs {
                    2 => STACK_FACTOR_NAND2,
                    3 => STACK_FACTOR_NAND3,
                    _ => {
                        return Err(TechError::UnsupportedFanIn {
                            gate: "NAND",
                            inputs,
                        })
                    }
                };
                Ok(p * (f64::from(inputs) * factor))
            }
            GateKind::Nor(inputs) => {
                let factor = match inputs {
                    2 => STACK_FACTOR_NOR2,
                    3 => STACK_FACTOR_NOR3,
                    _ => {
                        return Err(TechError::UnsupportedFanIn {
                            gate: "NOR",
                            inputs,
                        })
                    }
                };
                Ok(n * (f64::from(inputs) * factor))
            }
        }
    }

    /// Leakage power `I_leak·V_dd` of a gate; see [`DeviceAt::leakage_current`].
    pub fn leakage_power(
        &self,
        gate: GateKind,
        width_n: Length,
        width_p: Length,
    ) -> Result<Power, TechError> {
        Ok(self.vdd * self.leakage_current(gate, width_n, width_p)?)
    }

    /// The Horowitz delay of a stage driven through `r_on(width, channel)` into `load`, with an
    /// input transition of `input_transition` and `β = 0.5` (CACTI's value for a gate stage).
    pub fn stage_delay(
        &self,
        width: Length,
        channel: Channel,
        load: Capacitance,
        input_transition: Time,
    ) -> Horowitz {
        horowitz(self.r_on(width, channel) * load, input_transition, 0.5)
    }
}

/// Delay of one stage and the transition it hands to the next.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Horowitz {
    /// 50 % delay of the stage.
    pub delay: Time,
    /// Transition time of the output (`delay / (1 − v_s)`), the next stage's input transition.
    pub output_transition: Time,
}

/// The Horowitz delay `τ·sqrt(ln(v_s)² + 2·α·β·(1 − v_s))` with `α = t_in/τ` and `v_s = 0.5`,
/// for a stage of time constant `tau`, input transition `input_transition` and input sensitivity
/// `beta`. A zero `tau` gives zero delay.
pub fn horowitz(tau: Time, input_transition: Time, beta: f64) -> Horowitz {
    let vs = HOROWITZ_SWITCHING_POINT;
    if tau.s() <= 0.0 {
        return Horowitz {
            delay: Time::ZERO,
            output_transition: Time::ZERO,
        };
    }
    let alpha = input_transition.s() / tau.s();
    let delay = tau * (libm::log(vs).powi(2) + 2.0 * alpha * beta * (1.0 - vs)).sqrt();
    Horowitz {
        delay,
        output_transition: delay * (1.0 / (1.0 - vs)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up device with round numbers, so the expected values can be worked by hand.
    fn device() -> DeviceParams {
        DeviceParams {
            source: "test".into(),
            derivation: None,
            notes: None,
            vdd: Voltage::from_v(1.0),
            vth: Some(Voltage::from_v(0.3)),
            l_phys: Length::from_nm(20.0),
            l_elec: None,
            t_ox: None,
            c_ox_ff_per_um2: None,
            c_gate_ideal_ff_per_um: 1.0,
            c_fringe_ff_per_um: 0.1,
            overlap: Overlap::RatioToIdeal(0.2),
            c_junction_ff_per_um2: 1.0,
            c_junction_sidewall_ff_per_um: 0.25,
            c_drain_to_channel_ff_per_um: None,
            r_eff_multiplier: 1.5,
            pn_width_ratio: 2.0,
            mobility_n_cm2_per_vs: None,
            mobility_p_cm2_per_vs: None,
            v_dsat: None,
            gm_p_to_n_ratio: None,
            long_channel_leakage_factor: None,
            i_gate_na_per_um: None,
            fins: None,
            temperatures_k: vec![300.0, 350.0, 400.0],
            i_on_n_ua_per_um: OverTemperature::Constant(1000.0),
            i_on_p_ua_per_um: OverTemperature::Table(vec![500.0, 450.0, 400.0]),
            i_off_n_na_per_um: vec![10.0, 50.0, 200.0],
            i_off_p: PmosLeakage::RatioToNmos(1.0),
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * b.abs().max(1e-30)
    }

    #[test]
    fn gate_cap_adds_overlap_and_three_fringes() {
        let d = device().at(300.0).unwrap();
        // (1.0 + 0.2·1.0 + 3·0.1) fF/µm × 0.5 µm = 0.75 fF
        assert!(close(d.gate_cap(Length::from_um(0.5)).ff(), 0.75));
    }

    #[test]
    fn drain_cap_sums_area_sidewall_and_edge() {
        let d = device().at(300.0).unwrap();
        // W = 1 µm, L_d = 0.1 µm: area 1·1·0.1 = 0.1, sidewall 0.25·(1 + 0.2) = 0.3,
        // edge (C_fringe + C_overlap)·W = (0.1 + 0.2)·1 = 0.3 → 0.7 fF
        let c = d.drain_cap(Length::from_um(1.0), Length::from_um(0.1));
        assert!(close(c.ff(), 0.7), "{}", c.ff());
        let mut given = device();
        given.c_drain_to_channel_ff_per_um = Some(0.05);
        let c = given
            .at(300.0)
            .unwrap()
            .drain_cap(Length::from_um(1.0), Length::from_um(0.1));
        assert!(close(c.ff(), 0.45), "{}", c.ff());
    }

    #[test]
    fn r_on_is_k_vdd_over_ion_w() {
        let d = device().at(300.0).unwrap();
        // 1.5 × 1 V / (1000 µA/µm × 0.1 µm) = 15 kΩ; PMOS at 500 µA/µm → 30 kΩ
        assert!(close(
            d.r_on(Length::from_um(0.1), Channel::Nmos).kohm(),
            15.0
        ));
        assert!(close(
            d.r_on(Length::from_um(0.1), Channel::Pmos).kohm(),
            30.0
        ));
    }

    #[test]
    fn r_on_falls_with_width() {
        let d = device().at(350.0).unwrap();
        let mut last = f64::INFINITY;
        for w in [0.05, 0.1, 0.2, 0.5, 1.0, 10.0] {
            let r = d.r_on(Length::from_um(w), Channel::Nmos).ohm();
            assert!(r < last, "R_on({w} µm) = {r} not below {last}");
            last = r;
        }
    }

    #[test]
    fn interpolation_is_exact_at_table_points_and_linear_between() {
        let p = device();
        for (t, ioff, ionp) in [
            (300.0, 10.0, 500.0),
            (350.0, 50.0, 450.0),
            (400.0, 200.0, 400.0),
        ] {
            let d = p.at(t).unwrap();
            assert_eq!(d.i_off_n_na_per_um, ioff);
            assert_eq!(d.i_off_p_na_per_um, ioff);
            assert_eq!(d.i_on_p_ua_per_um, ionp);
            assert_eq!(d.i_on_n_ua_per_um, 1000.0);
        }
        let d = p.at(325.0).unwrap();
        assert!(close(d.i_off_n_na_per_um, 30.0));
        assert!(close(d.i_on_p_ua_per_um, 475.0));
        let d = p.at(390.0).unwrap();
        assert!(close(d.i_off_n_na_per_um, 170.0));
    }

    #[test]
    fn temperatures_outside_the_table_are_errors() {
        let p = device();
        let e = p.at_named(299.0, "hp").unwrap_err();
        assert!(matches!(e, TechError::TemperatureOutOfRange { .. }));
        assert!(
            e.to_string().contains("299 K is outside the hp table"),
            "{e}"
        );
        assert!(p.at(401.0).is_err());
        assert!(matches!(
            p.at(f64::NAN),
            Err(TechError::InvalidTemperature { .. })
        ));
        assert!(matches!(
            p.at(-5.0),
            Err(TechError::InvalidTemperature { .. })
        ));
    }

    #[test]
    fn leakage_rises_with_temperature() {
        let p = device();
        let w = Length::from_um(1.0);
        let mut last = 0.0;
        for t in [300.0, 320.0, 340.0, 360.0, 380.0, 400.0] {
            let i = p
                .at(t)
                .unwrap()
                .leakage_current(GateKind::Inverter, w, w)
                .unwrap()
                .na();
            assert!(i > last, "{t} K: {i} nA not above {last}");
            last = i;
        }
    }

    #[test]
    fn gate_leakage_uses_worst_state_and_stack_factors() {
        let mut p = device();
        p.i_off_p = PmosLeakage::RatioToNmos(0.5);
        let d = p.at(300.0).unwrap();
        let (wn, wp) = (Length::from_um(1.0), Length::from_um(2.0));
        // inverter: max(1 µm × 10 nA/µm, 2 µm × 5 nA/µm) = 10 nA
        let inv = d.leakage_current(GateKind::Inverter, wn, wp).unwrap();
        assert!(close(inv.na(), 10.0));
        // NAND2: 2 PMOS × 2 µm × 5 nA/µm × 0.48 = 9.6 nA; NAND3: 3 × 10 × 0.31 = 9.3 nA
        assert!(close(
            d.leakage_current(GateKind::Nand(2), wn, wp).unwrap().na(),
            9.6
        ));
        assert!(close(
            d.leakage_current(GateKind::Nand(3), wn, wp).unwrap().na(),
            9.3
        ));
        // NOR2: 2 NMOS × 10 nA × 0.95 = 19 nA; NOR3: 3 × 10 × 0.62 = 18.6 nA
        assert!(close(
            d.leakage_current(GateKind::Nor(2), wn, wp).unwrap().na(),
            19.0
        ));
        assert!(close(
            d.leakage_current(GateKind::Nor(3), wn, wp).unwrap().na(),
            18.6
        ));
        // a stack leaks less per device than an inverter of the same devices
        let per_device_nand2 = d.leakage_current(GateKind::Nand(2), wn, wn).unwrap().na() / 2.0;
        assert!(per_device_nand2 < d.leakage_current(GateKind::Inverter, wn, wn).unwrap().na());
        assert!(matches!(
            d.leakage_current(GateKind::Nand(4), wn, wp),
            Err(TechError::UnsupportedFanIn {
                gate: "NAND",
                inputs: 4
            })
        ));
        assert!(d.leakage_current(GateKind::Nor(1), wn, wp).is_err());
        // 10 nA at 1 V = 10 nW
        let pw = d.leakage_power(GateKind::Inverter, wn, wp).unwrap();
        assert!(close(pw.nw(), 10.0));
    }

    #[test]
    fn horowitz_matches_hand_values() {
        // step input: τ·|ln 0.5| = 0.693 τ
        let h = horowitz(Time::from_ps(10.0), Time::ZERO, 0.5);
        assert!(close(h.delay.ps(), 10.0 * 2f64.ln()));
        assert!(close(h.output_transition.ps(), 20.0 * 2f64.ln()));
        // τ = 10 ps, t_in = 20 ps, β = 0.5: α = 2, sqrt(ln²0.5 + 2·2·0.5·0.5) = sqrt(0.48045 + 1)
        let h = horowitz(Time::from_ps(10.0), Time::from_ps(20.0), 0.5);
        let expected = 10.0 * (0.5f64.ln().powi(2) + 1.0).sqrt();
        assert!(close(h.delay.ps(), expected), "{}", h.delay.ps());
        // a slower input never makes a stage faster
        let slower = horowitz(Time::from_ps(10.0), Time::from_ps(40.0), 0.5);
        assert!(slower.delay > h.delay);
        assert_eq!(
            horowitz(Time::ZERO, Time::from_ps(5.0), 0.5).delay,
            Time::ZERO
        );
    }

    #[test]
    fn stage_delay_is_horowitz_of_r_on_times_load() {
        let d = device().at(300.0).unwrap();
        // 15 kΩ × 1 fF = 15 ps; step input → 15 ps × ln 2
        let h = d.stage_delay(
            Length::from_um(0.1),
            Channel::Nmos,
            Capacitance::from_ff(1.0),
            Time::ZERO,
        );
        assert!(close(h.delay.ps(), 15.0 * 2f64.ln()));
    }
}

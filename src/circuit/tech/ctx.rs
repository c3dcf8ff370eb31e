//! The technology as the array model uses it: one node, one device roadmap, one temperature, two
//! wire classes, resolved once into plain SI numbers so the organisation search can evaluate
//! thousands of candidates without re-reading tables.

use crate::circuit::tech::{Channel, DeviceAt, Node, Roadmap, TechError, WireClass};

/// Resolved per-metre device and wire coefficients (SI: F/m, Ω·m, A/m, Ω/m).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ctx {
    /// Feature size (m).
    pub f: f64,
    /// Supply voltage (V).
    pub vdd: f64,
    /// Threshold voltage (V), for the sense amplifier's overdrive.
    pub vth: f64,
    /// Gate capacitance per metre of width (F/m).
    pub c_gate: f64,
    /// Bottom-junction capacitance per m² (F/m²).
    pub c_junction: f64,
    /// Junction sidewall capacitance per metre of perimeter (F/m).
    pub c_sidewall: f64,
    /// Gate-edge drain capacitance per metre of width (F/m).
    pub c_edge: f64,
    /// Drain diffusion length (m).
    pub drain_length: f64,
    /// NMOS on-resistance × width (Ω·m).
    pub r_n: f64,
    /// PMOS on-resistance × width (Ω·m).
    pub r_p: f64,
    /// NMOS saturation current per metre (A/m).
    pub i_on_n: f64,
    /// NMOS off-current per metre (A/m).
    pub i_off_n: f64,
    /// PMOS off-current per metre (A/m).
    pub i_off_p: f64,
    /// PMOS/NMOS width ratio for equal drive.
    pub pn: f64,
    /// Smallest NMOS width (m).
    pub w_min: f64,
    /// Local wire resistance (Ω/m) and capacitance (F/m).
    pub local: (f64, f64),
    /// Global wire resistance (Ω/m) and capacitance (F/m).
    pub global: (f64, f64),
    /// Temperature (K).
    pub temperature_k: f64,
}

/// Why a technology could not be resolved.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CtxError {
    /// The device tables could not answer.
    #[error(transparent)]
    Tech(#[from] TechError),
    /// The node lacks a wire class the design asks for.
    #[error("node {node} has no {class} wire class; it gives: {available}")]
    MissingWire {
        /// Node id.
        node: String,
        /// The class asked for.
        class: &'static str,
        /// The classes it has.
        available: String,
    },
}

impl Ctx {
    /// Resolves `node` for `roadmap` at `temperature_k`, with the given local and global wires.
    pub fn new(
        node: &Node,
        roadmap: Roadmap,
        temperature_k: f64,
        local: WireClass,
        global: WireClass,
    ) -> Result<Ctx, CtxError> {
        let d: DeviceAt = node.device_at(roadmap, temperature_k)?;
        let wire = |class: WireClass| -> Result<(f64, f64), CtxError> {
            let w = node.wire(class).ok_or_else(|| CtxError::MissingWire {
                node: node.id.clone(),
                class: class.name(),
                available: node
                    .wires
                    .keys()
                    .map(|c| c.name())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
            let r = w.r_per_um(temperature_k)?.ohm() * 1e6;
            let c = w.c_per_um().f() * 1e6;
            Ok((r, c))
        };
        let params = node.device(roadmap).expect("device_at succeeded");
        let one_m = crate::units::Length::from_m(1.0);
        Ok(Ctx {
            f: node.feature_size.m(),
            vdd: d.vdd.v(),
            vth: params.vth.map(|v| v.v()).unwrap_or(0.3 * d.vdd.v()),
            c_gate: d.c_gate_ff_per_um * 1e-9,
            c_junction: d.c_junction_ff_per_um2 * 1e-3,
            c_sidewall: d.c_junction_sidewall_ff_per_um * 1e-9,
            c_edge: d.c_drain_edge_ff_per_um * 1e-9,
            drain_length: node.drain_length().m(),
            r_n: d.r_on(one_m, Channel::Nmos).ohm(),
            r_p: d.r_on(one_m, Channel::Pmos).ohm(),
            i_on_n: d.i_on_n_ua_per_um,
            i_off_n: d.i_off_n_na_per_um * 1e-3,
            i_off_p: d.i_off_p_na_per_um * 1e-3,
            pn: d.pn_width_ratio,
            w_min: node
                .min_transistor_width(roadmap)
                .map(|l| l.m())
                .unwrap_or(1.5 * node.feature_size.m()),
            local: wire(local)?,
            global: wire(global)?,
            temperature_k,
        })
    }

    /// Gate capacitance of a device of width `w` (m).
    #[inline]
    pub fn gate(&self, w: f64) -> f64 {
        self.c_gate * w
    }

    /// Drain capacitance of an unfolded device of width `w` (m).
    #[inline]
    pub fn drain(&self, w: f64) -> f64 {
        let l = self.drain_length;
        self.c_junction * w * l + self.c_sidewall * (w + 2.0 * l) + self.c_edge * w
    }

    /// Input capacitance of an inverter whose NMOS is `w_n` wide (PMOS `pn·w_n`).
    #[inline]
    pub fn inv_in(&self, w_n: f64) -> f64 {
        self.gate(w_n * (1.0 + self.pn))
    }

    /// Output (drain) capacitance of that inverter.
    #[inline]
    pub fn inv_out(&self, w_n: f64) -> f64 {
        self.drain(w_n) + self.drain(w_n * self.pn)
    }

    /// Pull-down resistance of an NMOS of width `w`.
    #[inline]
    pub fn rn(&self, w: f64) -> f64 {
        self.r_n / w
    }

    /// Pull-up resistance of a PMOS of width `w`.
    #[inline]
    pub fn rp(&self, w: f64) -> f64 {
        self.r_p / w
    }

    /// Leakage current of an inverter with NMOS `w_n` (worst state: the larger off device).
    #[inline]
    pub fn inv_leak(&self, w_n: f64) -> f64 {
        (self.i_off_n * w_n).max(self.i_off_p * w_n * self.pn)
    }

    /// Layout area of one transistor of width `w` (m²): the channel plus a drain/source
    /// diffusion and contact on each side, and half a spacing to the next device
    /// (a `(w + 2F) × (L + 2·L_d)`-style footprint with `L ≈ F`).
    #[inline]
    pub fn tr_area(&self, w: f64) -> f64 {
        (w.max(self.w_min) + 2.0 * self.f) * (self.f + 2.0 * self.drain_length)
    }
}

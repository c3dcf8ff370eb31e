//! From a cell description to the electrical facts the array needs, at one node.

use super::{Access, CellArea, CellDevice, CellElectrical, CellSpec, Drive, Pulse, Read, ReadMode};
use crate::circuit::tech::Ctx;

/// Default smallest resolvable sense voltage when a cell gives none (V): NVSim's default, 80 mV.
pub const DEFAULT_MIN_SENSE_V: f64 = 0.08;

impl CellSpec {
    /// Resolves the cell at the node `ctx` describes. Widths in F are taken in that node's F; a
    /// footprint in µm² is kept as drawn.
    pub fn electrical(&self, ctx: &Ctx) -> CellElectrical {
        let f = ctx.f;
        let area = match self.area {
            CellArea::F2(a) => a * f * f,
            CellArea::Um2(a) => a * 1e-12,
        };
        let aspect = self.aspect_ratio.max(1e-3);
        let width_m = (area / aspect).sqrt();
        let height_m = (area * aspect).sqrt();
        let vdd = ctx.vdd;
        let mut e = CellElectrical {
            width_m,
            height_m,
            differential: false,
            read_mode: ReadMode::Current,
            wordline_gate_width_m: 0.0,
            write_wordline_gate_width_m: None,
            bitline_drain_width_m: 0.0,
            read_access_width_m: 0.0,
            r_low_ohm: 0.0,
            r_high_ohm: 0.0,
            read_voltage_v: None,
            read_current_a: None,
            read_power_w: None,
            read_energy_j: None,
            min_sense_v: DEFAULT_MIN_SENSE_V,
            sense_delay_s: None,
            sense_energy_j: None,
            set_pulse_s: 0.0,
            reset_pulse_s: 0.0,
            set_energy_j: 0.0,
            reset_energy_j: 0.0,
            write_current_a: 0.0,
            leakage_current_a: 0.0,
            has_access_device: true,
        };
        let apply_read = |e: &mut CellElectrical, read: &Read| {
            e.read_mode = read.mode;
            e.read_voltage_v = read.voltage_v;
            e.read_current_a = read.current_ua.map(|i| i * 1e-6);
            e.read_power_w = read.power_uw.map(|p| p * 1e-6);
            e.read_energy_j = read.energy_pj.map(|p| p * 1e-12);
            e.min_sense_v = read.min_sense_mv * 1e-3;
            e.sense_delay_s = read.sense_latency_ns.map(|t| t * 1e-9);
            e.sense_energy_j = read.sense_energy_fj.map(|x| x * 1e-15);
        };
        match self.device {
            CellDevice::Sram {
                access_width_f,
                nmos_width_f,
                pmos_width_f,
            } => {
                let (wa, wn, wp) = (access_width_f * f, nmos_width_f * f, pmos_width_f * f);
                e.differential = true;
                e.read_mode = ReadMode::Voltage;
                // Both pass gates hang on the wordline; one per bitline.
                e.wordline_gate_width_m = 2.0 * wa;
                e.bitline_drain_width_m = wa;
                e.read_access_width_m = wa;
                // Read path: pass gate in series with the pull-down (resistances add).
                e.r_low_ohm = ctx.rn(wn);
                e.r_high_ohm = ctx.rn(wn);
                // Holding a value, three devices leak: the off pull-down, the off pull-up and
                // the pass gate between the '0' node and its precharged bitline.
                e.leakage_current_a = ctx.i_off_n * (wn + wa) + ctx.i_off_p * wp;
                e.write_current_a = vdd / (ctx.rn(wa) + ctx.rn(wn));
            }
            CellDevice::Stt {
                mtj,
                access_width_f,
                access_voltage_drop_v,
                ref read,
                write,
            } => {
                let wa = access_width_f * f;
                e.wordline_gate_width_m = wa;
                e.bitline_drain_width_m = wa;
                e.read_access_width_m = wa;
                e.r_low_ohm = mtj.r_parallel_ohm;
                e.r_high_ohm = mtj.r_antiparallel_ohm;
                apply_read(&mut e, read);
                let en = pulse_energy(&write, mtj.r_parallel_ohm, access_voltage_drop_v);
                let en_ap = pulse_energy(&write, mtj.r_antiparallel_ohm, access_voltage_drop_v);
                e.set_pulse_s = write.pulse_ns * 1e-9;
                e.reset_pulse_s = write.pulse_ns * 1e-9;
                e.set_energy_j = en;
                e.reset_energy_j = en_ap;
                e.write_current_a =
                    pulse_current(&write, mtj.r_parallel_ohm, access_voltage_drop_v);
            }
            CellDevice::Sot {
                mtj,
                read_access_width_f,
                write_access_width_f,
                heavy_metal_ohm,
                ref read,
                write,
            } => {
                let (wr, ww) = (read_access_width_f * f, write_access_width_f * f);
                // Separate read and write wordlines; only the read transistor's drain sits on
                // the read bitline, the write transistor's on the write (source) line.
                e.wordline_gate_width_m = wr;
                e.write_wordline_gate_width_m = Some(ww);
                e.bitline_drain_width_m = wr;
                e.read_access_width_m = wr;
                e.r_low_ohm = mtj.r_parallel_ohm;
                e.r_high_ohm = mtj.r_antiparallel_ohm;
                apply_read(&mut e, read);
                // The write current flows through the heavy-metal line and the write
                // transistor only: the MTJ's resistance is not in the write path.
                let r_path = heavy_metal_ohm + ctx.rn(ww);
                let en = pulse_energy(&write, r_path, 0.0);
                e.set_pulse_s = write.pulse_ns * 1e-9;
                e.reset_pulse_s = write.pulse_ns * 1e-9;
                e.set_energy_j = en;
                e.reset_energy_j = en;
                e.write_current_a = pulse_current(&write, r_path, 0.0);
            }
            CellDevice::Resistive {
                r_on_ohm,
                r_off_ohm,
                access,
                access_voltage_drop_v,
                ref read,
                set,
                reset,
            } => {
                match access {
                    Access::Cmos { width_f } => {
                        let wa = width_f * f;
                        e.wordline_gate_width_m = wa;
                        e.bitline_drain_width_m = wa;
                        e.read_access_width_m = wa;
                    }
                    Access::Diode { .. } | Access::None => {
                        e.has_access_device = false;
                    }
                }
                e.r_low_ohm = r_on_ohm;
                e.r_high_ohm = r_off_ohm;
                apply_read(&mut e, read);
                // SET starts from the high-resistance state, RESET from the low one.
                e.set_pulse_s = set.pulse_ns * 1e-9;
                e.reset_pulse_s = reset.pulse_ns * 1e-9;
                e.set_energy_j =
                    pulse_energy(&set, r_off_ohm.min(r_on_ohm * 10.0), access_voltage_drop_v);
                e.reset_energy_j = pulse_energy(&reset, r_on_ohm, access_voltage_drop_v);
                e.write_current_a = pulse_current(&set, r_on_ohm, access_voltage_drop_v)
                    .max(pulse_current(&reset, r_on_ohm, access_voltage_drop_v));
            }
            CellDevice::Fefet {
                r_on_ohm,
                r_off_ohm,
                width_f,
                ref read,
                write,
            } => {
                let w = width_f * f;
                e.wordline_gate_width_m = w;
                e.bitline_drain_width_m = w;
                e.read_access_width_m = w;
                e.r_low_ohm = r_on_ohm;
                e.r_high_ohm = r_off_ohm;
                apply_read(&mut e, read);
                e.set_pulse_s = write.pulse_ns * 1e-9;
                e.reset_pulse_s = write.pulse_ns * 1e-9;
                // A gate write charges the ferroelectric gate stack: C·V², no DC current.
                let v = match write.drive {
                    Drive::Voltage { voltage_v } => voltage_v,
                    Drive::Current { .. } => vdd,
                };
                let gate_energy = write
                    .energy_pj
                    .map(|p| p * 1e-12)
                    .unwrap_or(ctx.gate(w) * v * v);
                e.set_energy_j = gate_energy;
                e.reset_energy_j = gate_energy;
                e.write_current_a = 0.0;
            }
        }
        e
    }
}

/// Energy one write pulse delivers to a cell of resistance `r_ohm` (J): the given energy, else
/// `V·I·t` of the drive (current mode: `I²R` across the element plus the access device's drop;
/// voltage mode: `V·(V − V_drop)/R`).
fn pulse_energy(p: &Pulse, r_ohm: f64, v_drop: f64) -> f64 {
    if let Some(pj) = p.energy_pj {
        return pj * 1e-12;
    }
    let t = p.pulse_ns * 1e-9;
    match p.drive {
        Drive::Current { current_ua } => {
            let i = current_ua * 1e-6;
            (i * i * r_ohm + i * v_drop) * t
        }
        Drive::Voltage { voltage_v } => {
            let v = (voltage_v - v_drop).max(0.0);
            voltage_v * v / r_ohm.max(1.0) * t
        }
    }
}

/// Current a write driver must deliver for one pulse into `r_ohm` behind an access device that
/// takes `v_drop` (A): the same drive model as [`pulse_energy`].
fn pulse_current(p: &Pulse, r_ohm: f64, v_drop: f64) -> f64 {
    match p.drive {
        Drive::Current { current_ua } => current_ua * 1e-6,
        Drive::Voltage { voltage_v } => (voltage_v - v_drop).max(0.0) / r_ohm.max(1.0),
    }
}

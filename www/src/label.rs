//! How the page writes a capacity given in KiB: with a binary prefix, the way the core prints
//! capacities (`2 MiB`, `2816 KiB`). The result tables and the GPU picker both use it.

/// A capacity in KiB shown with binary prefixes, as the core prints capacities.
pub fn capacity_label(kib: f64) -> String {
    if kib.fract() == 0.0 && kib >= 0.0 {
        if let Some(c) = nvmcalc::units::Capacity::from_kib(kib as u64) {
            return c.to_string();
        }
    }
    format!("{kib} KiB")
}

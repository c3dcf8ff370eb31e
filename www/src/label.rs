//! How the page writes a capacity given in KiB: with a binary prefix, the way the core prints
//! capacities (`2 MiB`, `2816 KiB`). The result tables and the GPU picker both use it. And the
//! short name of a preset that charts and table rows show (the whole name on hover).

/// A capacity in KiB shown with binary prefixes, as the core prints capacities.
pub fn capacity_label(kib: f64) -> String {
    if kib.fract() == 0.0 && kib >= 0.0 {
        if let Some(c) = nvmcalc::units::Capacity::from_kib(kib as u64) {
            return c.to_string();
        }
    }
    format!("{kib} KiB")
}

/// A short label from a preset name: the part before the first parenthesis, cut at a comma or
/// space when longer than 28 characters (`STT-MRAM 1T-1MTJ, 0.033 µm² (TSMC …), 16 nm` →
/// `STT-MRAM 1T-1MTJ, 0.033 µm²`). Two presets may share one: see
/// `chart::layout::unique_labels`.
pub fn short_label(name: &str) -> String {
    const MAX: usize = 28;
    let s = name.split('(').next().unwrap_or(name).trim();
    if s.chars().count() <= MAX {
        return s.to_string();
    }
    let head: String = s.chars().take(MAX).collect();
    let cut = head
        .rfind(',')
        .or_else(|| head.rfind(' '))
        .unwrap_or(head.len());
    head[..cut].trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::short_label;

    #[test]
    fn short_label_keeps_the_head_of_a_long_name() {
        assert_eq!(
            short_label("STT-MRAM 1T-1MTJ, 0.033 µm² (TSMC 16 nm eMRAM footprint), 55 nm pMTJ"),
            "STT-MRAM 1T-1MTJ, 0.033 µm²"
        );
        assert_eq!(short_label("SRAM 6T, 146 F² (CACTI)"), "SRAM 6T, 146 F²");
        assert_eq!(
            short_label("STT-MRAM 1T-1MTJ, DeepNVM++-calibrated area 0.025 µm² and sense, 16 nm"),
            "STT-MRAM 1T-1MTJ"
        );
    }
}

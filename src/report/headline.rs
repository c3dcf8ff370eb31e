//! The answer first: the "× baseline" figures of an iso-capacity report as a short headline, and
//! one sentence that says what they mean. Both are computed from the report alone, so a report
//! read back from its JSON (the page's Web Worker) gives the same words as the CLI.

use crate::report::{ComparisonReport, TechnologyRecord};

/// One compared technology's ratios to the baseline (`None` where the baseline's figure is zero).
#[derive(Clone, Debug, PartialEq)]
pub struct HeadlineRow {
    /// The technology's id.
    pub id: String,
    /// A short label: the memory kind and the id, `SOT-MRAM (sot_16nm)`.
    pub label: String,
    /// The memory kind, `SOT-MRAM`.
    pub memory: String,
    /// EDP ÷ the baseline's.
    pub edp_vs_baseline: Option<f64>,
    /// Energy ÷ the baseline's.
    pub energy_vs_baseline: Option<f64>,
    /// Delay ÷ the baseline's.
    pub delay_vs_baseline: Option<f64>,
    /// Area ÷ the baseline's.
    pub area_vs_baseline: Option<f64>,
}

/// A short label for a row: its memory kind and its id.
pub fn short_label(t: &TechnologyRecord) -> String {
    format!("{} ({})", t.memory, t.id)
}

/// A ratio in prose: two decimals below 10, whole numbers above (`0.85×`, `35×`).
pub fn times(r: f64) -> String {
    if !r.is_finite() {
        "—".into()
    } else if r < 10.0 {
        format!("{r:.2}×")
    } else {
        format!("{r:.0}×")
    }
}

/// How far a ratio is from 1, in words: `15 % lower`, `4 % higher`, `about the same`, or for
/// ratios beyond 2, `3.2× higher` / `3.2× lower`.
pub fn change(r: f64) -> String {
    if !r.is_finite() || r <= 0.0 {
        return "not comparable".into();
    }
    if (r - 1.0).abs() < 0.005 {
        "about the same".into()
    } else if r >= 2.0 {
        format!("{} higher", times(r))
    } else if r <= 0.5 {
        format!("{} lower", times(1.0 / r))
    } else if r < 1.0 {
        format!("{:.0} % lower", (1.0 - r) * 100.0)
    } else {
        format!("{:.0} % higher", (r - 1.0) * 100.0)
    }
}

impl ComparisonReport {
    /// The compared technologies (the baseline left out), in the report's order.
    pub fn headline(&self) -> Vec<HeadlineRow> {
        self.technologies
            .iter()
            .filter(|t| t.id != self.baseline)
            .map(|t| HeadlineRow {
                id: t.id.clone(),
                label: short_label(t),
                memory: t.memory.clone(),
                edp_vs_baseline: t.edp_js_vs_baseline,
                energy_vs_baseline: t.energy_j_vs_baseline,
                delay_vs_baseline: t.delay_s_vs_baseline,
                area_vs_baseline: t.area_mm2_vs_baseline,
            })
            .collect()
    }

    /// One sentence (two at most) on what the ratios say: which technology has the lowest EDP,
    /// by how much against the baseline, from which energy, delay and area, and how the others
    /// compare. `None` when nothing is compared with the baseline.
    pub fn takeaway(&self) -> Option<String> {
        let base = self.technologies.iter().find(|t| t.id == self.baseline)?;
        let base_label = short_label(base);
        let rows: Vec<HeadlineRow> = self
            .headline()
            .into_iter()
            .filter(|r| r.edp_vs_baseline.is_some_and(f64::is_finite))
            .collect();
        let edp = |r: &HeadlineRow| r.edp_vs_baseline.unwrap_or(f64::INFINITY);
        let best = rows.iter().min_by(|a, b| edp(a).total_cmp(&edp(b)))?;
        let ratio_of = |r: Option<f64>| r.map_or_else(|| "—".to_string(), times);
        let parts = format!(
            "{} the energy, {} the delay, {} the area",
            ratio_of(best.energy_vs_baseline),
            ratio_of(best.delay_vs_baseline),
            ratio_of(best.area_vs_baseline)
        );
        let mut text = if edp(best) < 0.995 {
            format!(
                "{} has the lowest EDP: {} the {} baseline's ({}), with {}.",
                best.label,
                times(edp(best)),
                base_label,
                change(edp(best)),
                parts
            )
        } else {
            format!(
                "No technology beats the {} baseline on EDP here: the closest, {}, is at {} ({}), \
                 with {}.",
                base_label,
                best.label,
                times(edp(best)),
                change(edp(best)),
                parts
            )
        };
        let others: Vec<String> = rows
            .iter()
            .filter(|r| r.id != best.id)
            .map(|r| format!("{} {}", r.label, times(edp(r))))
            .collect();
        const LISTED: usize = 3;
        if !others.is_empty() {
            let mut list = others
                .iter()
                .take(LISTED)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if others.len() > LISTED {
                list.push_str(&format!(
                    " and {} more (see the table)",
                    others.len() - LISTED
                ));
            }
            text.push_str(&format!(" EDP of the others: {list}."));
        }
        Some(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_words_follow_the_ratio() {
        assert_eq!(change(0.85), "15 % lower");
        assert_eq!(change(1.044), "4 % higher");
        assert_eq!(change(1.0), "about the same");
        assert_eq!(change(35.8), "36× higher");
        assert_eq!(change(0.25), "4.00× lower");
        assert_eq!(change(f64::NAN), "not comparable");
        assert_eq!(times(0.8514), "0.85×");
        assert_eq!(times(160.9), "161×");
    }
}

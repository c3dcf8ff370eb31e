//! Choosing an analysis from any state: the scenario is moved to the nearest setup the analysis
//! can run — cell presets where caches of new sizes are designed, a network where the traffic
//! model runs — and every change is said in words, so that no choice ends in an error box.

use crate::library::Library;
use crate::scenario::{Analysis, Scenario};

/// A scenario made ready for an analysis, and what was changed to make it so (empty when nothing
/// had to change).
#[derive(Clone, Debug, PartialEq)]
pub struct Switched {
    /// The scenario, with the analysis set.
    pub scenario: Scenario,
    /// One sentence per change, for people.
    pub changes: Vec<String>,
}

impl Analysis {
    /// Whether the analysis designs caches (of new sizes or in detail), so that it takes cell
    /// presets and custom cells, not cache-characterisation presets.
    pub fn needs_cells(self) -> bool {
        matches!(
            self,
            Analysis::IsoArea | Analysis::Scaling | Analysis::Details
        )
    }

    /// Whether the analysis runs a network through the traffic model.
    pub fn needs_network(self) -> bool {
        matches!(
            self,
            Analysis::IsoArea | Analysis::Scaling | Analysis::Workloads
        )
    }
}

impl Scenario {
    /// This scenario with `analysis` chosen, moved to a setup the analysis can run:
    /// - an analysis that designs caches keeps only the cells (cache-characterisation presets
    ///   have one published size and no organisation); with none left, it compares the opening
    ///   view's cells;
    /// - an analysis that runs a network takes the opening view's network when none is chosen
    ///   (the count workload is kept for when the network is unticked).
    ///
    /// The baseline moves to the first technology left when it was removed.
    pub fn with_analysis(&self, analysis: Analysis, library: &Library) -> Switched {
        let mut s = self.clone();
        s.analysis = analysis;
        let mut changes = Vec::new();
        let opening = Scenario::opening(library);
        if analysis.needs_cells() {
            let (cells, presets): (Vec<String>, Vec<String>) = s
                .technologies
                .iter()
                .cloned()
                .partition(|id| library.technology(id).is_none());
            if !presets.is_empty() {
                let fallback: Vec<String> = opening
                    .technologies
                    .iter()
                    .filter(|id| library.technology(id).is_none())
                    .cloned()
                    .collect();
                if cells.is_empty() && !fallback.is_empty() {
                    changes.push(format!(
                        "{} designs caches, so it takes cells, not cache presets (one published \
                         size each): compared the cells {} instead of {}.",
                        analysis.label_sentence(),
                        fallback.join(", "),
                        presets.join(", ")
                    ));
                    s.technologies = fallback;
                    s.baseline = if s.technologies.contains(&opening.baseline) {
                        opening.baseline.clone()
                    } else {
                        s.technologies[0].clone()
                    };
                } else if !cells.is_empty() {
                    changes.push(format!(
                        "{} designs caches, so it takes cells, not cache presets (one published \
                         size each): left out {}.",
                        analysis.label_sentence(),
                        presets.join(", ")
                    ));
                    s.technologies = cells;
                }
            }
            if !s.technologies.contains(&s.baseline) && !s.technologies.is_empty() {
                changes.push(format!(
                    "The baseline is now {} (the first technology left).",
                    s.technologies[0]
                ));
                s.baseline = s.technologies[0].clone();
            }
        }
        if analysis.needs_network() && s.network.is_none() {
            if let Some(net) = opening.network.clone() {
                let what = net.measured.clone().unwrap_or_else(|| net.network.clone());
                changes.push(format!(
                    "{} runs a network through the traffic model: the workload is now `{what}` \
                     (the opening view's); the count workload `{}` comes back with the count \
                     preset choice.",
                    analysis.label_sentence(),
                    s.workload
                ));
                s.network = Some(net);
            }
        }
        Switched {
            scenario: s,
            changes,
        }
    }
}

impl Scenario {
    /// This scenario with technology `id` ticked (`on`) or unticked, as the page's checkboxes
    /// do: at least one technology stays, and the baseline moves to the first one left when it
    /// was removed. A periphery roadmap the newly compared cells' nodes lack moves to one they
    /// all offer (as a link's would), and the change is said.
    pub fn with_technology(&self, id: &str, on: bool, library: &Library) -> Switched {
        let mut s = self.clone();
        let mut changes = Vec::new();
        if on {
            if !s.technologies.iter().any(|t| t == id) {
                s.technologies.push(id.to_string());
            }
        } else if s.technologies.len() > 1 {
            s.technologies.retain(|t| t != id);
            if s.baseline == id {
                s.baseline = s.technologies[0].clone();
            }
        }
        let cells = super::compared_cells(&s.technologies, &s.cells, library);
        let refs: Vec<_> = cells.iter().collect();
        if let Some(change) =
            crate::design::build::settle_roadmap(&mut s.cache, &library.nodes, &refs)
        {
            changes.push(format!("Periphery roadmap: {change}."));
        }
        Switched {
            scenario: s,
            changes,
        }
    }
}

impl Analysis {
    /// The analysis's name at the start of a sentence: `Iso-area`.
    fn label_sentence(self) -> String {
        let label = self.label();
        let mut chars = label.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::tech::Roadmap;
    use crate::outcome::run;

    fn shipped() -> Library {
        crate::shipped_library()
    }

    /// From the link defaults (cache presets on a count workload), from a mix of presets and
    /// cells, and from the opening view, every analysis runs after the switch, and a change is
    /// said whenever the scenario had to move.
    #[test]
    fn every_analysis_runs_from_any_state() {
        let lib = shipped();
        let starts = [
            Scenario::default_for(&lib),
            Scenario::opening(&lib),
            Scenario::from_query(
                "v=1&tech=nvmx_sram_22nm_2mb_readedp,stt_22nm,sot_22nm&base=nvmx_sram_22nm_2mb_readedp",
                &lib,
            )
            .scenario,
        ];
        for start in &starts {
            for (_, analysis) in Analysis::ALL {
                let switched = start.with_analysis(analysis, &lib);
                let outcome = run(&lib, &switched.scenario, &[]);
                assert!(
                    outcome.is_ok(),
                    "{} from ?{}: {:?}",
                    analysis.word(),
                    start.to_query(false),
                    outcome.err()
                );
                let moved = Scenario {
                    analysis: start.analysis,
                    ..switched.scenario.clone()
                } != *start;
                assert_eq!(
                    moved,
                    !switched.changes.is_empty(),
                    "{:?}",
                    switched.changes
                );
            }
        }
    }

    #[test]
    fn cells_are_kept_and_only_presets_left_out() {
        let lib = shipped();
        let s = Scenario::from_query(
            "v=1&tech=nvmx_sram_22nm_2mb_readedp,stt_22nm,sot_22nm&base=nvmx_sram_22nm_2mb_readedp&net=resnet50",
            &lib,
        )
        .scenario;
        let switched = s.with_analysis(Analysis::IsoArea, &lib);
        assert_eq!(switched.scenario.technologies, ["stt_22nm", "sot_22nm"]);
        assert_eq!(switched.scenario.baseline, "stt_22nm");
        assert_eq!(switched.changes.len(), 2, "{:?}", switched.changes);
        assert!(switched.changes[0].contains("left out nvmx_sram_22nm_2mb_readedp"));
        // The network was chosen already: kept.
        assert_eq!(switched.scenario.network, s.network);
    }

    #[test]
    fn ticking_a_cell_whose_node_lacks_the_roadmap_settles_it_and_says_so() {
        let lib = shipped();
        let s = Scenario::from_query(
            "v=1&tech=sram_22nm,stt_22nm&base=sram_22nm&rm=lstp&node=cell&delay=access",
            &lib,
        );
        assert!(s.notices.is_empty(), "{:?}", s.notices);
        let s = s.scenario;
        assert_eq!(s.cache.roadmap, Roadmap::Lstp);
        // CACTI's 16 nm table (the 16 nm cells' node) gives only HP.
        let ticked = s.with_technology("sram_16nm", true, &lib);
        assert_eq!(
            ticked.scenario.technologies,
            ["sram_22nm", "stt_22nm", "sram_16nm"]
        );
        assert_eq!(ticked.scenario.cache.roadmap, Roadmap::Hp);
        assert_eq!(ticked.changes.len(), 1, "{:?}", ticked.changes);
        assert!(ticked.changes[0].contains("HP"), "{}", ticked.changes[0]);
        assert!(run(&lib, &ticked.scenario, &[]).is_ok());
        // A tick that needs nothing else changes nothing else.
        let plain = s.with_technology("sot_22nm", true, &lib);
        assert_eq!(plain.scenario.cache, s.cache);
        assert!(plain.changes.is_empty());
        // Unticking the baseline moves it; the last technology stays.
        let one = s.with_technology("sram_22nm", false, &lib).scenario;
        assert_eq!(
            (one.technologies.clone(), one.baseline.clone()),
            (vec!["stt_22nm".to_string()], "stt_22nm".to_string())
        );
        assert_eq!(
            one.with_technology("stt_22nm", false, &lib)
                .scenario
                .technologies,
            ["stt_22nm"]
        );
    }
}

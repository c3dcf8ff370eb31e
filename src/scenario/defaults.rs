//! The scenarios a library starts from: its index's `[default]` table (what a link's missing
//! keys mean) and its `[opening]` view (what the page opens with and the CLI runs with no
//! scenario option).

use crate::design::config::CacheConfig;
use crate::library::Library;
use crate::scenario::{Analysis, Scenario};

impl Scenario {
    /// The view the page opens with (an empty link) and `nvmcalc compare` runs with no scenario
    /// option: the index's `[opening]` link read like any link, or [`Scenario::default_for`]
    /// when the index has none.
    pub fn opening(library: &Library) -> Scenario {
        Scenario::from_query("", library).scenario
    }

    /// Why the page opens with [`Scenario::opening`] (the index's words), if the index says.
    pub fn opening_reason(library: &Library) -> Option<&str> {
        library.defaults.opening.as_ref().map(|o| o.reason.as_str())
    }

    /// The scenario a link's missing keys come from: the index's `[default]` technologies,
    /// baseline, workload and delay, every other setting at its default.
    pub fn default_for(library: &Library) -> Scenario {
        let d = &library.defaults;
        Scenario {
            technologies: d.technologies.clone(),
            baseline: d.baseline.clone(),
            workload: d.workload.clone(),
            delay: d.delay,
            energy: Default::default(),
            leakage: Default::default(),
            cache: CacheConfig::default(),
            network: None,
            analysis: Analysis::IsoCapacity,
            cells: Vec::new(),
            networks: Vec::new(),
            profile: None,
        }
    }
}

//! The scenario a library opens with: its index's `[default]` technologies, baseline, workload
//! and delay, every other setting at its default.

use crate::design::config::CacheConfig;
use crate::library::Library;
use crate::scenario::{Analysis, Scenario};

impl Scenario {
    /// The scenario the page opens with and the CLI runs with no arguments.
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

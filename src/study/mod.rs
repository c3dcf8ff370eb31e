//! The analyses, one file each: technologies compared at the same capacity ([`iso_capacity`]), in
//! the baseline's area ([`iso_area`]), over a sweep of capacities ([`scaling`]), across networks
//! ([`networks`]), the designed caches component by component ([`details`]) and published studies
//! reproduced ([`reproduce`]), and the workload level alone with its check against measurements
//! ([`traffic`]). The deep-learning analyses share a network lowered once for a GPU
//! ([`prepared`]).

pub mod comparison;
pub mod details;
pub mod iso_area;
pub mod iso_capacity;
pub mod networks;
pub mod prepared;
pub mod reproduce;
pub mod scaling;
pub mod traffic;

#[cfg(test)]
mod tests;

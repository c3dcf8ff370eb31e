//! A cell built into a cache: the cache configuration ([`config`]), the build through the circuit
//! model ([`build`]), users' own cells ([`import`]), the technology record every comparison uses
//! ([`technology`]) and the energy, delay, EDP and EDAP of a workload on it ([`eval`]).

pub mod build;
pub mod config;
pub mod eval;
pub mod import;
pub mod technology;
